/**
 * The admin page's shell and stylesheet. The page itself is a Preact bundle
 * (widget/src/console/admin, built to dist/console/admin.js) served as a static
 * asset; everything here is static, so the CSP needs no inline script or style.
 */
export const ADMIN_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Switchboard · Admin</title>
<link rel="stylesheet" href="/admin/admin.css">
</head>
<body>
<div id="app"><p>Loading the dashboard…</p></div>
<noscript>The dashboard needs JavaScript.</noscript>
<script type="module" src="/console/admin.js"></script>
</body>
</html>
`;

export const ADMIN_CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b6570; --bg: #fff; --panel: #f5f7fa; --line: #d8dee6; --accent: #1f5fd1;
  --ok: #1a7f37; --warn: #b35900; --bad: #c62828; --c1: #1a7f37; --c2: #7fc98f; --c3: #1f5fd1; --c4: #8fb3f0; --c5: #c62828; --c6: #b35900; --c7: #9aa4ae;
  font: 14px/1.45 system-ui, sans-serif; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #9aa4ae; --bg: #111418; --panel: #1a1f26; --line: #2c343e; --accent: #6ea0ff; } }
body { margin: 0; background: var(--bg); color: var(--fg); }
main { max-width: 1180px; margin: 0 auto; padding: 16px 20px 60px; }
h1 { font-size: 20px; margin: 8px 0 12px; } h2 { font-size: 16px; margin: 28px 0 8px; } h3 { font-size: 14px; margin: 0 0 6px; }
form.bar, .bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 8px 0; }
label { display: grid; gap: 2px; font-size: 12px; color: var(--muted); }
input, select, textarea, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; }
button { cursor: pointer; } button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.kpi { font-size: 22px; font-weight: 600; } .muted { color: var(--muted); font-size: 12px; }
.warn { border-left: 4px solid var(--warn); background: var(--panel); padding: 8px 12px; margin: 6px 0; }
.error { color: var(--bad); }
.chart { overflow-x: auto; } svg { width: 100%; min-width: 440px; max-width: 760px; height: auto; display: block; }
.grid.charts { grid-template-columns: repeat(auto-fit, minmax(min(440px, 100%), 1fr)); margin-bottom: 16px; } svg text { fill: var(--muted); font-size: 15px; }
svg .axis { stroke: var(--line); } svg .band { fill: var(--ok); opacity: .12; } svg .line { fill: none; stroke-width: 2; }
.legend { display: flex; flex-wrap: wrap; gap: 10px; font-size: 12px; margin-top: 6px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
table { width: 100%; border-collapse: collapse; } th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
details.item { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; padding: 8px 12px; }
details.item summary { cursor: pointer; }
.tag { display: inline-block; font-size: 11px; padding: 1px 6px; border-radius: 10px; border: 1px solid var(--line); margin-right: 4px; }
.turn { margin: 6px 0; padding: 6px 8px; border-radius: 6px; background: var(--bg); white-space: pre-wrap; }
.turn.visitor { border-left: 3px solid var(--accent); } .turn.assistant { border-left: 3px solid var(--c2); } .turn.agent { border-left: 3px solid var(--c6); }
.scroll { overflow-x: auto; max-width: 100%; margin-bottom: 20px; } .scroll table { min-width: 560px; }
.grid > * { min-width: 0; }
@media (max-width: 720px) { main { padding: 12px 12px 48px; } .grid { grid-template-columns: minmax(0, 1fr); } th, td { padding: 4px; } }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
