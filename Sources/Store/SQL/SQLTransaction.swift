import SCIM

/// A transaction on one connection; the SQL for each store protocol lives in its own extension
/// (`SQLiteTransaction+Tenants.swift`, `+Tokens`, `+Resources`, …). SQL parameters are numbered
/// (`?1`, `?2`, …): the number is the argument's position in the array `SQLiteStatement.bind` takes.
struct SQLiteTransaction {
    let connection: SQLiteConnection
    let writable: Bool
    let pagePositions: PagePositions
    /// Attributes kept outside the body, which queries read from their tables.
    let derived: DerivedAttributes
    let effects: TransactionEffects

    init(
        connection: SQLiteConnection, writable: Bool, pagePositions: PagePositions, derived: DerivedAttributes,
        effects: TransactionEffects = TransactionEffects()
    ) {
        self.connection = connection
        self.writable = writable
        self.pagePositions = pagePositions
        self.derived = derived
        self.effects = effects
    }

    /// The same transaction, refusing writes (a read inside a write's body).
    func readOnly() -> SQLiteTransaction {
        SQLiteTransaction(connection: connection, writable: false, pagePositions: pagePositions, derived: derived, effects: TransactionEffects())
    }

    func requireWritable() throws {
        if !writable { throw StoreError.internalError("write attempted in a read transaction") }
    }

    /// Runs a write statement and maps unique-index violations to `StoreError.duplicate`.
    @discardableResult
    func change(_ sql: String, _ arguments: [SQLValue], duplicateField: String = "key") throws -> Int {
        try requireWritable()
        do {
            return try connection.run(sql, arguments)
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw StoreError.duplicate(field: duplicateField)
        }
    }
}

// Each piece's conformance is declared next to its SQL; this composes them.
extension SQLiteTransaction: StoreTransaction {}
