/// A mail template with `{{name}}` placeholders, checked when it is saved: an unknown name or
/// an unclosed `{{` is refused then, with a sentence naming it, rather than mailed as is.
public struct MailTemplate: Sendable, Hashable, Codable {
    /// The values a welcome mail can fill in.
    public enum Placeholder: String, Sendable, CaseIterable, Codable {
        case givenName, familyName, userName, enrollmentURL
    }

    /// How a value is written into the text.
    public enum Escaping: Sendable {
        /// As it is (the plain-text part).
        case none
        /// HTML-escaped (the HTML part): a name like `<script>` is text, not markup.
        case html
        /// On one line (the subject): control characters become spaces.
        case oneLine
    }

    enum Segment: Sendable, Hashable {
        case literal(String)
        case placeholder(Placeholder)
    }

    /// The template as saved.
    public let source: String
    let segments: [Segment]

    /// Parses `source`; `field` names the template in an error (`subject`, `text`, `HTML`).
    public init(_ source: String, field: String) throws(MailError) {
        var segments: [Segment] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { segments.append(.literal(String(rest[..<open.lowerBound]))) }
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else {
                throw MailError("The \(field) template has a '{{' without its '}}'.")
            }
            let name = String(after[..<close.lowerBound]).trimmingSpaces
            guard let placeholder = Placeholder(rawValue: name) else {
                let known = Placeholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
                throw MailError("The \(field) template uses the unknown placeholder {{\(name)}}; the known ones are \(known).")
            }
            segments.append(.placeholder(placeholder))
            rest = after[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        self.source = source
        self.segments = segments
    }

    private init(source: String, segments: [Segment]) {
        self.source = source
        self.segments = segments
    }

    /// The template without text, in place of a default that did not parse.
    static let empty = MailTemplate(source: "", segments: [])

    /// The placeholders the template uses.
    public var placeholders: Set<Placeholder> {
        Set(segments.compactMap { if case .placeholder(let p) = $0 { p } else { nil } })
    }

    /// The template with each placeholder replaced by its value (an empty string when missing).
    public func render(_ values: [Placeholder: String], escaping: Escaping) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .placeholder(let name):
                let value = values[name] ?? ""
                switch escaping {
                case .none: out += value
                case .html: out += ReportHTML.escape(value)
                case .oneLine: out += ReportMail.oneLine(value)
                }
            }
        }
        return out
    }

    // Codable as the source text, parsed again (and so checked again) when read back.
    public init(from decoder: any Decoder) throws {
        let source = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(source, field: "saved") } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}
