/// Folds a string for case-insensitive comparison (attributes with `caseExact: false`).
///
/// The store keeps folded copies of indexed values and folds filter operands the same way, so
/// in-memory evaluation and SQL agree on what "equal ignoring case" means, beyond ASCII too.
@inlinable
public func caseFold(_ s: String) -> String {
    // Fast path: most identifiers are ASCII and already lower case.
    var needsWork = false
    for b in s.utf8 where b >= 65 && (b <= 90 || b >= 128) {
        needsWork = true
        break
    }
    return needsWork ? s.lowercased() : s
}
