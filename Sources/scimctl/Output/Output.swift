import Foundation
import Provisioning
import SCIM

/// Writes command results: aligned tables (bold headers on a terminal) or, with `--json`, each
/// result in its one JSON shape (`AdminJSON`), one object per line.
enum Output {
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// One result as one line of JSON.
    static func json(_ value: some Encodable) throws {
        FileHandle.standardOutput.write(Data(try AdminJSON.encode(value) + [UInt8(ascii: "\n")]))
    }

    /// A list as JSON Lines: one object per line, so `jq` and `grep` read it line by line.
    static func jsonLines<Element: Encodable>(_ values: [Element]) throws {
        for value in values { try json(value) }
    }

    static func pretty(_ value: SCIMValue) {
        line(String(decoding: value.serialized(pretty: true), as: UTF8.self))
    }

    /// Prints rows under headers with columns padded to the widest cell.
    static func table(_ headers: [String], _ rows: [[String]]) {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        let header = render(headers)
        line(isTerminal ? "\u{1B}[1m\(header)\u{1B}[0m" : header)
        for row in rows { line(render(row)) }
    }

    /// Colours a status word on a terminal.
    static func status(_ text: String) -> String {
        guard isTerminal else { return text }
        switch text {
        case "failure": return "\u{1B}[31m\(text)\u{1B}[0m"
        case "warning": return "\u{1B}[33m\(text)\u{1B}[0m"
        case "success": return "\u{1B}[32m\(text)\u{1B}[0m"
        default: return text
        }
    }

    /// A result's RFC 3339 time as a table shows it: `2026-12-01 13:14:17`.
    static func date(_ text: String?) -> String {
        guard let text else { return "-" }
        return String(text.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}
