// The count of the page's own 网站自查 findings on Wagtail's 检查 (checks) toggle.
// Wagtail's own counter on that toggle is the accessibility checker's (it rewrites it
// when the preview is checked), so the findings get a badge of their own beside it.
(() => {
  const panel = document.querySelector('[data-gongkai-checks]');
  const toggle = document.querySelector('[data-side-panel-toggle="checks"]');
  if (!panel || !toggle || toggle.querySelector('[data-gongkai-checks-toggle-count]')) {
    return;
  }
  const count = Number(panel.dataset.gongkaiChecksCount || 0);
  if (!count) {
    return;
  }
  const open = Number(panel.dataset.gongkaiChecksOpen || 0);
  const badge = document.createElement('div');
  // Wagtail's own counter classes (without its data attribute, which its checker owns).
  badge.className = `w-side-panel-toggle__counter ${open ? 'w-bg-critical-200' : 'w-bg-surface-button-default'}`;
  badge.dataset.gongkaiChecksToggleCount = '';
  badge.textContent = String(count);
  toggle.append(badge);
  const label = toggle.getAttribute('aria-label') || '';
  toggle.setAttribute('aria-label', `${label}（网站自查 ${count} 项）`);
})();
