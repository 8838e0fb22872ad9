// The page's only stylesheet, inlined (no external assets). Light by default, dark
// when the system asks for it. The SVG chart is styled from here too.
export const STYLE = `
:root{--bg:#f6f7f9;--panel:#fff;--text:#1c2430;--muted:#667085;--line:#e4e7ec;--head:#f9fafb;
--ok:#0f7b4b;--ok-bg:#e6f4ec;--warn:#a15c00;--warn-bg:#fff3df;--bad:#b42318;--bad-bg:#fdecea;--new:#3a5ccc;--new-bg:#eaf0ff;
--bar:#4f6fd8;--spike:#e0531f;--grid:#eef0f3;--link:#2949b8}
@media (prefers-color-scheme:dark){:root{--bg:#0f1319;--panel:#171c24;--text:#e6e9ef;--muted:#98a2b3;--line:#2a313c;--head:#1d232d;
--ok:#47c98b;--ok-bg:#113325;--warn:#f0b454;--warn-bg:#3a2a0e;--bad:#ff7a6b;--bad-bg:#3d1714;--new:#8ea8ff;--new-bg:#1c2647;
--bar:#7d95f0;--spike:#ff7a45;--grid:#232a35;--link:#9db2ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
.muted{color:var(--muted)}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:12px 24px;padding:14px 28px;background:var(--panel);border-bottom:1px solid var(--line)}
.brand{font-weight:650;font-size:18px;letter-spacing:-.01em;display:flex;align-items:center;gap:8px}
.logo{width:18px;height:18px;border-radius:5px;background:linear-gradient(135deg,var(--bar),var(--spike))}
.health{display:flex;align-items:center;gap:8px;font-weight:600;padding:4px 12px;border-radius:999px}
.health .dot{flex:none;width:9px;height:9px;border-radius:50%;background:currentColor}
.health-ok{color:var(--ok);background:var(--ok-bg)}.health-warn{color:var(--warn);background:var(--warn-bg)}.health-bad{color:var(--bad);background:var(--bad-bg)}
.meta{margin-left:auto;color:var(--muted)}
main{max-width:1320px;margin:0 auto;padding:20px 28px 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:14px;margin-bottom:22px}
.card{background:var(--panel);border:1px solid var(--line);border-left:4px solid var(--line);border-radius:10px;padding:12px 16px}
.card-warn{border-left-color:var(--warn)}.card-bad{border-left-color:var(--bad)}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.card .value{font-size:24px;font-weight:650;margin:2px 0}
.card .detail{color:var(--muted);font-size:12.5px}
section.block{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin-bottom:22px}
h2{font-size:15px;margin:0 0 12px;font-weight:650}
h2 .count{display:inline-block;margin-left:6px;padding:0 8px;border-radius:999px;background:var(--head);border:1px solid var(--line);color:var(--muted);font-size:12px;font-weight:600}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th{text-align:left;font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;background:var(--head);padding:8px 10px;border-bottom:1px solid var(--line);white-space:nowrap}
td{padding:9px 10px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:0}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.warn{color:var(--warn);font-weight:600}td.bad{color:var(--bad);font-weight:600}
.name{font-weight:600}
.sub{color:var(--muted);font-size:12.5px;margin-top:2px;overflow-wrap:anywhere}
.url{color:var(--muted)}a.url:hover{color:var(--link)}
time{white-space:nowrap}
.abs{display:block;color:var(--muted);font-size:11.5px;font-variant-numeric:tabular-nums;white-space:nowrap}
.sub .abs{display:none}
.error{color:var(--bad);font-size:13px;overflow-wrap:anywhere;max-width:46ch;min-width:200px}
tr.state-failing td:first-child{box-shadow:inset 3px 0 var(--bad)}tr.state-retrying td:first-child{box-shadow:inset 3px 0 var(--warn)}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
.badge-ok{color:var(--ok);background:var(--ok-bg)}.badge-retrying{color:var(--warn);background:var(--warn-bg)}
.badge-failing{color:var(--bad);background:var(--bad-bg)}.badge-new{color:var(--new);background:var(--new-bg)}
.badge-spike{color:#fff;background:var(--spike);margin-left:6px;font-size:11px;vertical-align:1px}
.tag{display:inline-block;padding:0 6px;border-radius:4px;font-size:11.5px;background:var(--head);border:1px solid var(--line);color:var(--muted)}
.tag-error{color:var(--bad);border-color:transparent;background:var(--bad-bg)}
.chips{display:flex;flex-wrap:wrap;gap:4px}
.chip{display:inline-block;padding:1px 8px;border-radius:6px;font-size:12px;background:var(--new-bg);color:var(--new);white-space:nowrap}
.chip-sent{background:var(--ok-bg);color:var(--ok)}.chip-pending{background:var(--warn-bg);color:var(--warn)}
table.alerts td.when{width:150px}
table.feeds td:first-child,table.channels td:first-child{min-width:200px}table.alerts td:nth-child(2){min-width:240px}
table.alerts .title{font-weight:500}
.empty{color:var(--muted);margin:4px 0;font-style:italic}
.legend{color:var(--muted);font-size:12.5px;margin:0 0 12px;display:flex;flex-wrap:wrap;align-items:center;gap:6px}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;background:var(--bar)}.swatch-spike{background:var(--spike);margin-left:10px}
.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(300px,100%),1fr));gap:12px}
figure.panel{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px 12px 6px}
figure.panel-spike{border-color:var(--spike);box-shadow:0 0 0 1px var(--spike) inset}
.ename{font-weight:600}
svg.bars{display:block;width:100%;height:auto;margin-top:6px}
svg .bar{fill:var(--bar)}svg .bar.spike{fill:var(--spike)}svg .bar:hover{opacity:.75}
svg .grid{stroke:var(--grid);stroke-width:1}svg .baseline{stroke:var(--line);stroke-width:1}
svg .axis{fill:var(--muted);font-size:10px;font-family:inherit}
.quiet{color:var(--muted);font-size:12.5px;margin:12px 0 0}
footer{max-width:1320px;margin:0 auto;padding:4px 28px 28px;color:var(--muted);font-size:12px}
`;
