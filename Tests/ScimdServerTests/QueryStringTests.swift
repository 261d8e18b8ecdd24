import Foundation
import Testing

@testable import ScimdServer

/// `QueryString` replaced a Foundation-based reading of query parameters: it must give the same
/// value for every query, including malformed escapes, non-UTF-8 bytes and repeated names.
@Suite("Query parameters read on bytes")
struct QueryStringTests {
    /// What the parameter reading did before, with Foundation: split, `+` to space, `removingPercentEncoding`.
    static func foundation(_ name: String, _ query: String) -> String? {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == name else { continue }
            guard parts.count == 2 else { return "" }
            let spaced = String(parts[1].map { $0 == "+" ? " " : $0 })
            return spaced.removingPercentEncoding ?? spaced
        }
        return nil
    }

    @Test("the same value as Foundation's decoding", arguments: [
        "filter=userName+eq+%22bjensen%40example.com%22&count=10",
        "count=10&filter=userName%20eq%20%22a%2Bb%22",
        "filter=displayName%20eq%20%22%C3%84rzte%22",
        "filter", "filter=", "=x&filter=1", "&&filter=2&&", "filter=1&filter=2",
        "filter=%", "filter=%4", "filter=%zz", "filter=%FF%FE", "filter=%00", "filter=a%2", "filter=ok%41%",
        "filters=1&filter=2", "Filter=1", "filter=a=b=c", "filter=%E6%9D%B1%E4%BA%AC+x",
        "", "&", "cursor&count=100", "cursor=&count=100", "attributes=userName,emails.value",
    ])
    func sameAsFoundation(_ query: String) {
        for name in ["filter", "count", "cursor", "attributes", "Filter"] {
            #expect(QueryString.value(of: name, in: query) == Self.foundation(name, query), "\(name) in \(query)")
        }
    }

    @Test("random byte strings read the same as with Foundation")
    func randomQueries() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("filtercount=&%+2AF0zé%C3%A9".utf8)
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0..<24, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let query = String(decoding: bytes, as: UTF8.self)
            #expect(QueryString.value(of: "filter", in: query) == Self.foundation("filter", query), "\(query)")
        }
    }
}
