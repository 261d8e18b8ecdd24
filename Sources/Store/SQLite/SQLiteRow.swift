/// One result row, read by column index.
package struct SQLiteRow: SQLRow {
    let values: [SQLValue]

    package func int(_ i: Int) -> Int64 {
        switch values[i] {
        case .integer(let v): return v
        case .real(let v): return Int64(v)
        default: return 0
        }
    }

    package func optionalInt(_ i: Int) -> Int64? {
        if case .null = values[i] { return nil }
        return int(i)
    }

    package func string(_ i: Int) -> String {
        switch values[i] {
        case .text(let v): return v
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .null: return ""
        }
    }

    package func optionalString(_ i: Int) -> String? {
        if case .null = values[i] { return nil }
        return string(i)
    }

    package func value(_ i: Int) -> SQLValue { values[i] }
}
