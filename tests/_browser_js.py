"""The JavaScript the browser tests evaluate in a page (``tests/test_browser.py``)."""

_DIRECTIONS = """() => {
  const content = document.querySelector('.md-content');
  const dir = e => getComputedStyle(e).direction;
  return {
    body: dir(document.body),
    content: content ? dir(content) : null,
    code: Array.from(content ? content.querySelectorAll('pre, code') : [])
      .filter(e => dir(e) !== 'ltr').map(e => e.textContent.slice(0, 40)),
    math: Array.from(content ? content.querySelectorAll('math') : [])
      .filter(e => dir(e) !== 'ltr').map(e => e.getAttribute('alttext')),
  };
}"""


_MATH_ORDER = """() => Array.from(document.querySelectorAll('.md-content math')).map(m => {
  const row = (m.children.length === 1 && m.firstElementChild.tagName.toLowerCase() === 'mrow') ? m.firstElementChild : m;
  const parts = Array.from(row.children).filter(k => k.getBoundingClientRect().width > 0);
  if (parts.length < 2) return null;
  const first = parts[0].getBoundingClientRect(), last = parts[parts.length - 1].getBoundingClientRect();
  return {tex: m.getAttribute('alttext'), ok: first.left < last.left};
}).filter(x => x !== null)"""


_VISIBLE_TEXT = """() => {
  const content = document.querySelector('.md-content').cloneNode(true);
  content.querySelectorAll('pre, code, script, style, math, .jp-InputArea').forEach(e => e.remove());
  return content.textContent;
}"""


_IMAGES = """async () => {
  const images = Array.from(document.querySelectorAll('.md-content img'));
  images.forEach(i => { i.loading = 'eager'; });
  await Promise.all(images.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return images.map(i => ({src: (i.getAttribute('src') || '').slice(0, 80), width: i.naturalWidth, alt: i.getAttribute('alt') || ''}));
}"""


_DARK_FIGURES = """() => {
  document.body.setAttribute('data-md-color-scheme', 'slate');
  const bg = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  const images = Array.from(document.querySelectorAll('.md-content img')).filter(i => i.naturalWidth > 0);
  return {
    body: bg,
    images: images.map(i => {
      const canvas = document.createElement('canvas');
      canvas.width = i.naturalWidth; canvas.height = i.naturalHeight;
      const context = canvas.getContext('2d');
      context.drawImage(i, 0, 0);
      const [r, g, b, a] = context.getImageData(1, 1, 1, 1).data;
      const style = getComputedStyle(i);
      return {src: (i.getAttribute('src') || '').slice(0, 80), rgba: [r, g, b, a], filter: style.filter, opacity: style.opacity};
    }),
  };
}"""


_PHONE_FIGURES = """async () => {
  // The page as it opens: nothing may shift (Material's scripts, fonts, lazy figures).
  const shifts = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) shifts.push(e.value); }))
    .observe({type: 'layout-shift', buffered: true});
  await new Promise(r => setTimeout(r, 500));
  const opening = shifts.slice();
  // Then each figure, brought into view and loaded: the room kept for it is its size.
  const images = Array.from(document.querySelectorAll('.md-content img[src*="assets/figures/"]'));
  const resized = [];
  for (const image of images) {
    image.scrollIntoView({block: 'center'});
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const before = image.getBoundingClientRect();
    image.loading = 'eager';
    if (!image.complete) await new Promise(r => { image.onload = image.onerror = r; });
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const after = image.getBoundingClientRect();
    if (Math.abs(before.width - after.width) > 0.5 || Math.abs(before.height - after.height) > 0.5)
      resized.push([image.getAttribute('src'), before.width, before.height, after.width, after.height]);
  }
  return {
    shifts: opening,
    resized,
    viewport: document.documentElement.clientWidth,
    images: images.map(i => {
      const link = i.closest('a');
      return {
        src: i.getAttribute('src'), current: i.currentSrc, shown: i.getBoundingClientRect().width,
        width: i.getAttribute('width'), height: i.getAttribute('height'),
        sources: Array.from(i.closest('picture') ? i.closest('picture').querySelectorAll('source') : [])
          .map(s => [s.getAttribute('width'), s.getAttribute('height')]),
        link: link ? link.href : null,
      };
    }),
  };
}"""
