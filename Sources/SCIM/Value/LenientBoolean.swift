/// The one reading of a boolean sent as a string: `"true"` / `"false"` in any letter case.
///
/// RFC 7643 §2.3.2 booleans are JSON literals, but Entra ID sends `"False"` for `active` and
/// filters arrive with `"true"` quoted; every place that accepts such a string (PATCH values,
/// validation, filter literals in SQL and in memory) reads it here, so they cannot disagree.
public func lenientBoolean(_ text: String) -> Bool? {
    if attributeNamesEqual(text, "true") { return true }
    if attributeNamesEqual(text, "false") { return false }
    return nil
}
