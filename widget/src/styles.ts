/**
 * Panel styles, adopted into the shadow root. Theme is CSS custom properties on
 * `:host` (accent from config/data-color), light and dark; motion respects
 * `prefers-reduced-motion`. Colours meet WCAG AA on both backgrounds.
 */
export const panelCss = `
:host{--sb-bg:#fff;--sb-fg:#1a1c20;--sb-muted:#51565e;--sb-line:#d5d8dd;--sb-soft:#f1f3f5;--sb-warn:#7a4b00;--sb-warn-bg:#fff4dc;--sb-error:#a4161a;--sb-focus:#0b57d0;--sb-link:#0b57d0}
@media (prefers-color-scheme:dark){:host{--sb-bg:#1b1d21;--sb-fg:#eceef1;--sb-muted:#b4b9c1;--sb-line:#3a3e45;--sb-soft:#272a30;--sb-warn:#ffd58a;--sb-warn-bg:#3a2f17;--sb-error:#ff9b9b;--sb-focus:#8ab4f8;--sb-link:#8ab4f8}}
.panel{position:fixed;bottom:88px;right:20px;z-index:2147483000;width:min(380px,calc(100vw - 40px));height:min(600px,calc(100vh - 120px));display:flex;flex-direction:column;background:var(--sb-bg);color:var(--sb-fg);border:1px solid var(--sb-line);border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.28);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow:hidden;animation:sb-in .16s ease-out}
:host([data-position=bottom-left]) .panel{right:auto;left:20px}
.panel[hidden]{display:none}
@keyframes sb-in{from{opacity:0;transform:translateY(8px)}}
header{display:flex;align-items:center;gap:8px;padding:10px 10px 10px 16px;background:var(--sb-accent);color:var(--sb-on-accent)}
h2{flex:1;margin:0;font-size:16px;font-weight:600}
h3{margin:0 0 6px;font-size:15px}
button{font:inherit;cursor:pointer;border-radius:8px;border:1px solid var(--sb-line);background:var(--sb-soft);color:var(--sb-fg);padding:6px 12px;min-height:36px}
button:disabled{opacity:.6;cursor:default}
.primary{background:var(--sb-accent);color:var(--sb-on-accent);border-color:transparent}
.x{background:transparent;border:0;color:inherit;font-size:22px;line-height:1;width:36px;padding:0}
:focus-visible{outline:3px solid var(--sb-focus);outline-offset:2px}
header :focus-visible{outline-color:currentColor}
.log{flex:1;overflow-y:auto;padding:12px 14px;display:flex;flex-direction:column;gap:10px;overscroll-behavior:contain}
.msg{max-width:88%;padding:8px 12px;border-radius:12px;background:var(--sb-soft);overflow-wrap:anywhere}
.visitor{align-self:flex-end;background:var(--sb-accent);color:var(--sb-on-accent);white-space:pre-wrap}
.visitor.failed{background:var(--sb-soft);color:var(--sb-fg);border:1px dashed var(--sb-error)}
.agent{border-left:3px solid var(--sb-accent)}
.system,.meta{color:var(--sb-muted);font-size:13px;margin:0}
.system{text-align:center}
.who{display:block;font-size:12px;font-weight:600;color:var(--sb-muted)}
.msg p,.msg ul,.msg ol,.msg pre{margin:0 0 6px}
.msg>:last-child,.md>:last-child{margin-bottom:0}
.msg ul,.msg ol{padding-inline-start:20px}
code{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;background:var(--sb-bg);border-radius:4px;padding:1px 4px}
pre{overflow-x:auto;background:var(--sb-bg);border:1px solid var(--sb-line);border-radius:6px;padding:8px}
pre code{padding:0;background:none}
a{color:var(--sb-link)}
.visitor a{color:inherit}
.cite{font-size:12px;text-decoration:none;padding:0 1px}
.note{background:var(--sb-warn-bg);color:var(--sb-warn);border-radius:8px;padding:6px 8px;font-size:13px}
.sources{border-top:1px solid var(--sb-line);margin-top:8px;padding-top:6px;font-size:13px}
.sources ol{margin:2px 0 0}
.error,.failed-line{color:var(--sb-error);font-size:13px;margin:4px 0 0}
.failed-line button{margin-inline-start:6px;min-height:28px;padding:2px 10px}
.rate{display:flex;gap:6px;margin-top:6px}
.rate button{min-height:28px;padding:2px 8px}
.card{border:1px solid var(--sb-line);border-radius:12px;padding:12px;display:flex;flex-direction:column;gap:8px}
label{display:flex;flex-direction:column;gap:2px;font-size:13px;font-weight:600}
input,textarea{font:inherit;font-size:16px;color:var(--sb-fg);background:var(--sb-bg);border:1px solid var(--sb-muted);border-radius:8px;padding:8px 10px;resize:none}
.row{display:flex;gap:8px;flex-wrap:wrap}
.bar{padding:8px 14px 0;display:flex}
.bar button{flex:1}
form.composer{display:flex;gap:8px;padding:10px 14px 14px;align-items:flex-end}
.composer textarea{flex:1;max-height:120px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.panel,:host([data-position=bottom-left]) .panel{left:0;right:0;top:var(--sb-top,0);bottom:auto;width:100%;height:var(--sb-vh,100%);border-radius:0;border:0}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`;
