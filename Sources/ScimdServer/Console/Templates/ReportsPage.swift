/// The sync report for a chosen period (the email's own HTML, shown in a sandboxed frame) and
/// the notification subscriptions with their delivery status.
enum ReportsPage {
    static let name = "reports"
    static let template = """
        {{<layout}}{{$content}}
        <h1>Reports and notifications</h1>
        <form class="filters" method="get" action="/console/reports" aria-label="Report period">
        <label for="r-since">Since<input id="r-since" name="since" value="{{since}}" placeholder="24h, 7d or 2026-11-23"></label>
        <label for="r-until">Until<input id="r-until" name="until" value="{{until}}" placeholder="now"></label>
        <button type="submit">Show report</button>
        </form>
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        {{^error}}
        <p><a href="{{reportHref}}">Open the report as sent by email</a></p>
        <iframe class="report" title="Sync report" src="{{reportHref}}" sandbox></iframe>
        {{/error}}
        <h2>Subscriptions</h2>
        {{#has_subscriptions}}
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Channel</th><th scope="col">Target</th><th scope="col">Frequency</th><th scope="col">Pending</th>
        <th scope="col">Delivered</th><th scope="col">Failed</th><th scope="col">Last error</th></tr></thead>
        <tbody>{{#subscriptions}}<tr><td>{{subscription.channel}}</td><td class="value">{{subscription.target}}</td><td>{{subscription.frequency}}</td>
        <td>{{pending}}</td><td>{{delivered}}</td><td>{{failed}}</td><td class="message">{{#failedDeliveries}}{{lastError}} {{/failedDeliveries}}</td></tr>{{/subscriptions}}</tbody>
        </table>
        </div>
        {{/has_subscriptions}}
        {{^subscriptions}}<p>No subscriptions: the operator adds them with <code>scimctl notify add</code>.</p>{{/subscriptions}}
        {{/content}}{{/layout}}
        """
}
