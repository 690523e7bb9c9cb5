/**
 * Panel styles, adopted into the shadow root. Theme is CSS custom properties on
 * `:host` (accent from config/data-color), light and dark; motion respects
 * `prefers-reduced-motion`. Colours meet WCAG AA on both backgrounds.
 */
export const panelCss = `:host{--bg:#fff;--fg:#1a1c20;--mute:#51565e;--line:#d5d8dd;--soft:#f1f3f5;--warn:#fff4dc;--err:#a4161a;--link:#0b57d0}
@media (prefers-color-scheme:dark){:host{--bg:#1b1d21;--fg:#eceef1;--mute:#b4b9c1;--line:#3a3e45;--soft:#272a30;--warn:#3a2f17;--err:#ff9b9b;--link:#8ab4f8}}
.panel{position:fixed;bottom:88px;right:20px;z-index:2147483000;width:min(380px,calc(100vw - 40px));height:min(600px,calc(100vh - 120px));display:flex;flex-direction:column;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:14px;box-shadow:0 12px 40px #0005;font:15px/1.45 system-ui,sans-serif;overflow:hidden;animation:in .2s}
:host([data-position=bottom-left]) .panel{right:auto;left:20px}
[hidden]{display:none!important}
@keyframes in{from{opacity:0;transform:translateY(8px)}}
header{display:flex;align-items:center;padding:8px 8px 8px 16px}
header,.primary,.visitor{background:var(--sb-accent);color:var(--sb-on-accent)}
h2{flex:1;margin:0;font-size:16px}
h3,p,ol,ul,pre{margin:0 0 6px}
button{font:inherit;cursor:pointer;border-radius:8px;border:1px solid var(--line);background:var(--soft);color:var(--fg);padding:6px 12px;min-height:36px}
.primary{border-color:transparent}
.x{background:none;border:0;color:inherit;font-size:22px}
:focus-visible{outline:3px solid var(--link);outline-offset:2px}
header :focus-visible{outline-color:currentColor}
.log{flex:1;overflow-y:auto;padding:12px 14px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:88%;padding:8px 12px;border-radius:12px;background:var(--soft);overflow-wrap:anywhere}
.msg>:last-child{margin:0}
.visitor{align-self:flex-end;white-space:pre-wrap}
.failed{background:var(--soft);color:var(--fg);border:1px dashed var(--err)}
.agent{border-inline-start:3px solid var(--sb-accent)}
.system,.meta,.who,.sources,.note{color:var(--mute);font-size:13px}
.system{text-align:center}
.who{display:block;font-weight:600}
code{font:13px ui-monospace,monospace}
pre{overflow-x:auto;border:1px solid var(--line);border-radius:6px;padding:8px}
a{color:var(--link)}
.note{background:var(--warn);color:var(--fg);border-radius:8px;padding:6px 8px}
.sources{border-top:1px solid var(--line);padding-top:6px;margin-top:6px}
.error{color:var(--err);font-size:13px}
.card{border:1px solid var(--line);border-radius:12px;padding:12px;display:flex;flex-direction:column;gap:8px}
label{display:flex;flex-direction:column;font-size:13px;font-weight:600}
input,textarea{font:inherit;font-size:16px;color:var(--fg);background:var(--bg);border:1px solid var(--mute);border-radius:8px;padding:8px;resize:none}
.row,.rate,.bar,.composer{display:flex;gap:8px}
.bar{padding:8px 14px 0}
.bar button,.composer textarea{flex:1}
.composer{padding:10px 14px 14px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
@media (max-width:480px){.panel,:host([data-position=bottom-left]) .panel{inset:var(--sb-top,0) 0 auto;width:100%;height:var(--sb-vh,100%);border-radius:0;border:0}}
@media (prefers-reduced-motion:reduce){*{animation:none!important}}`;
