/// The sync log, newest first, with filters and paging; each entry links to its detail.
enum SyncLogPage {
    static let name = "synclog"
    static let template = """
        {{<layout}}{{$content}}
        <h1>Sync log</h1>
        <form class="filters" method="get" action="/console/log" role="search" aria-label="Filter the sync log">
        <label for="f-status">Status
        <select id="f-status" name="status" data-autosubmit>
        {{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}
        </select></label>
        <label for="f-operation">Operation
        <input id="f-operation" name="operation" value="{{filters.operation}}" placeholder="create"></label>
        <label for="f-user">User
        <input id="f-user" name="user" value="{{filters.user}}" placeholder="userName or id"></label>
        <label for="f-group">Group
        <input id="f-group" name="group" value="{{filters.group}}" placeholder="displayName or id"></label>
        <label for="f-since">Since
        <input id="f-since" name="since" value="{{filters.since}}" placeholder="24h, 7d or 2026-11-23"></label>
        <label for="f-until">Until
        <input id="f-until" name="until" value="{{filters.until}}" placeholder="2026-11-24"></label>
        <button type="submit">Filter</button>
        <a href="/console/log">Clear</a>
        </form>
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        {{^error}}
        {{#streamHref}}<div id="follow" data-stream="{{streamHref}}"></div>{{/streamHref}}
        {{#has_entries}}
        <div class="table-wrap">
        <table id="log-table">
        <caption class="skip">Sync-log entries, newest first</caption>
        <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Status</th><th scope="col">Operation</th>
        <th scope="col">Resource</th><th scope="col">Message</th></tr></thead>
        <tbody id="log-rows">
        {{#entries}}
        <tr>
        <td><a href="/console/log/{{seq}}">{{time}}</a></td>
        <td><span class="status status-{{status}}">{{status}}</span></td>
        <td>{{operation}}</td>
        <td>{{resourceType}} {{resourceName}}</td>
        <td class="message">{{message}}</td>
        </tr>
        {{/entries}}
        </tbody>
        </table>
        </div>
        {{/has_entries}}
        {{^entries}}<p>No entries match these filters.</p>{{/entries}}
        <nav class="pager" aria-label="Pages">
        {{#newerHref}}<a href="{{newerHref}}">Newest entries</a>{{/newerHref}}
        {{#olderHref}}<a href="{{olderHref}}">Older entries</a>{{/olderHref}}
        </nav>
        <p>Export these entries (at most 10,000): <a href="{{csvHref}}" download>CSV</a> · <a href="{{ndjsonHref}}" download>NDJSON</a></p>
        {{/error}}
        {{/content}}{{/layout}}
        """
}
