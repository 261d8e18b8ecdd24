/// A token together with the byte range it was scanned from.
struct FilterLexeme {
    var token: FilterToken
    var start: Int
    var end: Int
}
