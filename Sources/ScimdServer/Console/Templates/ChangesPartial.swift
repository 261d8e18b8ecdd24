/// The changes old → new of a write, as a table: a partial (`{{> changes}}`) the sync-log entry
/// and the test-provision dry run share. Expects `has_changes` and `changes` rows of
/// `attribute`, `old`, `new` (`ConsoleView.changeRows`).
enum ChangesPartial {
    static let name = "changes"
    static let template = """
        {{#has_changes}}
        <h2>Changes</h2>
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Attribute</th><th scope="col">Old</th><th scope="col">New</th></tr></thead>
        <tbody>
        {{#changes}}<tr><td>{{attribute}}</td><td class="value"><code>{{old}}</code></td><td class="value"><code>{{new}}</code></td></tr>{{/changes}}
        </tbody>
        </table>
        </div>
        {{/has_changes}}
        """
}
