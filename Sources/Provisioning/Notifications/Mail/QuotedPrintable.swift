/// The quoted-printable content transfer encoding (RFC 2045 §6.7), for the text and HTML parts:
/// ASCII text stays readable in the raw message, every encoded line is at most 76 characters,
/// and the output holds no `=` that is not an escape, so it can never contain the multipart
/// boundary (which starts with `=_`, see `MailMessage`).
enum QuotedPrintable {
    /// RFC 2045 §6.7 (5): encoded lines SHALL be no more than 76 characters long.
    static let lineLimit = 76

    /// Encodes `text` after turning every line end (CR, LF, CRLF) into the canonical CRLF
    /// (RFC 2046 §4.1.1). Line ends stay line ends (rule 4). Every line, the last one too, ends
    /// with CRLF; the last one belongs to the boundary that follows (RFC 2046 §5.1.1), so the
    /// decoded part is exactly `text`.
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 16)
        let crlf: [UInt8] = [13, 10]
        for line in lines(of: text) {
            var width = 0
            for index in line.indices {
                let byte = line[index]
                let literal: Bool
                switch byte {
                // Rule 3: white space at the end of an encoded line must be encoded.
                case UInt8(ascii: " "), UInt8(ascii: "\t"): literal = index != line.count - 1
                // A lone "." line ends an SMTP message (RFC 5321 §4.5.2) if a relay forgets to
                // stuff it; encoding a leading dot keeps the body safe whatever the path.
                case UInt8(ascii: "."): literal = index != 0
                case 33...60, 62...126: literal = true
                default: literal = false
                }
                let size = literal ? 1 : 3
                // Rule 5: a soft line break "=" ends a line that would grow past the limit.
                if width + size > lineLimit - 1 {
                    out.append(UInt8(ascii: "="))
                    out += crlf
                    width = 0
                }
                if literal {
                    out.append(byte)
                } else {
                    out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
                }
                width += size
            }
            out += crlf
        }
        return out
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    /// The UTF-8 bytes of each line, whichever line end the text used.
    static func lines(of text: String) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var line: [UInt8] = []
        var previousCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                if !previousCR { result.append(line) }
                line = []
                previousCR = false
            } else if byte == UInt8(ascii: "\r") {
                result.append(line)
                line = []
                previousCR = true
            } else {
                line.append(byte)
                previousCR = false
            }
        }
        // The text after the last line end is a line too, empty or not, so a text that ends with
        // a line end keeps it.
        result.append(line)
        return result
    }
}
