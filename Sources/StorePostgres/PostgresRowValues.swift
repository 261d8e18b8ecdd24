import Foundation
import PostgresNIO
import Store

/// One result row, read by column position the way `SQLiteRow` is, so each store protocol's
/// SQL reads the same on both stores. Integers are `BIGINT`, text is `TEXT` (cast in SQL where
/// an expression has another type: `count(*)` is already bigint, `sum(...)::bigint` is not).
struct PostgresRowValues {
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) { cells = row.makeRandomAccess() }

    func int(_ i: Int) throws -> Int64 {
        guard let value = try optionalInt(i) else { throw Self.unexpectedNull(cells[i]) }
        return value
    }

    func optionalInt(_ i: Int) throws -> Int64? {
        let cell = cells[i]
        guard cell.bytes != nil else { return nil }
        switch cell.dataType {
        case .int8: return try cell.decode(Int64.self)
        case .int4: return Int64(try cell.decode(Int32.self))
        case .int2: return Int64(try cell.decode(Int16.self))
        case .bool: return try cell.decode(Bool.self) ? 1 : 0
        case .numeric: return NSDecimalNumber(decimal: try cell.decode(Decimal.self)).int64Value
        default: throw StoreError.internalError("column \(cell.columnName) is \(cell.dataType), not an integer")
        }
    }

    func string(_ i: Int) throws -> String {
        guard let value = try optionalString(i) else { throw Self.unexpectedNull(cells[i]) }
        return value
    }

    func optionalString(_ i: Int) throws -> String? {
        let cell = cells[i]
        guard cell.bytes != nil else { return nil }
        return try cell.decode(String.self)
    }

    func double(_ i: Int) throws -> Double {
        let cell = cells[i]
        switch cell.dataType {
        case .float8: return try cell.decode(Double.self)
        case .float4: return Double(try cell.decode(Float.self))
        default: return Double(try int(i))
        }
    }

    func isNull(_ i: Int) -> Bool { cells[i].bytes == nil }

    /// The cell as the SQL value it holds (a cursor page's sort key).
    func value(_ i: Int) throws -> SQLValue {
        let cell = cells[i]
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2, .bool: return .integer(try int(i))
        case .float8, .float4: return .real(try double(i))
        case .numeric:
            // json_typeof-guarded numbers (SQLDialect.jsonValue) come back NUMERIC.
            let decimal = try cell.decode(Decimal.self)
            let number = NSDecimalNumber(decimal: decimal)
            if decimal == Decimal(number.int64Value) { return .integer(number.int64Value) }
            return .real(number.doubleValue)
        default: return .text(try string(i))
        }
    }

    private static func unexpectedNull(_ cell: PostgresCell) -> StoreError {
        .internalError("column \(cell.columnName) is NULL where a value was expected")
    }
}
