/// The console's one stylesheet, served as `/console/assets/console.css` (no inline style: the
/// pages' Content-Security-Policy is `default-src 'self'`). Colours keep a contrast of at least
/// 4.5:1 against their background (WCAG 2.2 §1.4.3); focus is always visible (§2.4.7).
enum ConsoleStylesheet {
    static let css = """
        *, *::before, *::after { box-sizing: border-box; }
        html { font-size: 100%; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
          color: #1b1f24; background: #ffffff; }
        a { color: #0b57d0; }
        a:hover { color: #083d91; }
        :focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .75rem 1rem;
          background: #16325c; color: #ffffff; }
        header.top a { color: #ffffff; }
        header.top .brand { font-weight: 700; text-decoration: none; }
        header.top .tenant { font-size: .9rem; }
        header.top form { margin-left: auto; }
        header.top form.tenant-picker { margin-left: 0; display: flex; align-items: center; gap: .5rem; font-size: .9rem; }
        header.top form.tenant-picker select { min-height: 2rem; padding: .1rem .4rem; }
        nav.main ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
        nav.main a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #c9ced6; }
        th { background: #eef1f5; }
        .table-wrap { overflow-x: auto; }
        td.message, td.value { overflow-wrap: anywhere; }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
        pre { background: #f3f5f8; padding: .75rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
        form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; margin-bottom: 1rem; }
        form.filters label, form.stack label { display: flex; flex-direction: column; font-size: .9rem; font-weight: 600; }
        form.stack { display: flex; flex-direction: column; gap: .75rem; max-width: 28rem; }
        input, select, textarea, button { font: inherit; padding: .4rem .5rem; border: 1px solid #6b7380; border-radius: 4px;
          color: #1b1f24; background: #ffffff; min-height: 2.5rem; }
        button, .button { background: #0b57d0; color: #ffffff; border-color: #0b57d0; cursor: pointer; padding: .4rem 1rem; }
        button.quiet { background: transparent; color: #ffffff; border-color: #ffffff; }
        button.danger { background: #b3261e; border-color: #b3261e; }
        fieldset { border: 1px solid #c9ced6; border-radius: 4px; padding: .75rem; }
        legend { font-weight: 600; }
        .status { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .85rem; font-weight: 600; }
        .status-success { background: #d8f0dd; color: #0f5323; }
        .status-failure { background: #fbe0de; color: #8c1d18; }
        .status-warning { background: #fff0c7; color: #6b4500; }
        .status-skipped { background: #e6e8eb; color: #3b4048; }
        .notice { border-left: 4px solid #0b57d0; background: #eef3fc; padding: .5rem .75rem; margin: 1rem 0; }
        .notice.error { border-color: #b3261e; background: #fbe9e7; }
        .notice.warning { border-color: #b36b00; background: #fff4dc; }
        .met { color: #0f5323; font-weight: 600; }
        .unmet { color: #8c1d18; font-weight: 600; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .pager { display: flex; gap: 1rem; margin: 1rem 0; }
        .signin { max-width: 28rem; margin: 2rem auto; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; }
        .card { border: 1px solid #c9ced6; border-radius: 6px; padding: .75rem; }
        .card .number { font-size: 1.6rem; font-weight: 700; display: block; }
        iframe.report { width: 100%; height: 60rem; border: 1px solid #c9ced6; }
        @media (max-width: 40rem) {
          header.top form { margin-left: 0; }
          dl.facts { grid-template-columns: 1fr; }
          dl.facts dd { margin-bottom: .5rem; }
          th, td { padding: .3rem; }
          /* On a phone a table row becomes a card: columns squeezed side by side wrapped every
             message a few letters wide. The header stays for screen readers. */
          .table-wrap table, .table-wrap tbody, .table-wrap tr, .table-wrap td { display: block; width: auto; }
          .table-wrap thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
          .table-wrap tr { border-bottom: 1px solid #c9ced6; padding: .5rem 0; }
          .table-wrap td { border: 0; padding: .1rem 0; }
          .table-wrap td.message, .table-wrap td.value { overflow-wrap: break-word; }
        }
        """
}
