/// One result row, read by column index.
struct SQLiteRow {
    let values: [SQLValue]

    func int(_ i: Int) -> Int64 {
        switch values[i] {
        case .integer(let v): return v
        case .real(let v): return Int64(v)
        default: return 0
        }
    }

    func optionalInt(_ i: Int) -> Int64? {
        if case .null = values[i] { return nil }
        return int(i)
    }

    func string(_ i: Int) -> String {
        switch values[i] {
        case .text(let v): return v
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .null: return ""
        }
    }

    func optionalString(_ i: Int) -> String? {
        if case .null = values[i] { return nil }
        return string(i)
    }
}
