import Foundation
import Provisioning

/// A stand-in for /usr/sbin/sendmail: a shell script in a temporary directory that saves its
/// stdin and arguments, then has Python's `email` package parse the saved message and write
/// what it found as JSON. Python is an independent MIME reader, so a test checks what a real
/// mail client would see, not what our own encoder believes it wrote.
struct StubSendmail {
    let directory: URL
    var script: String { directory.appendingPathComponent("sendmail").path }
    var messagePath: String { directory.appendingPathComponent("message.eml").path }

    /// Runs `body` with a fresh stub, deleted afterwards.
    static func run<T>(_ body: (StubSendmail) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = StubSendmail(directory: directory)
        try stub.write(
            "sendmail",
            """
            #!/bin/sh
            dir='\(directory.path)'
            printf '%s\\n' "$@" > "$dir/args"
            cat > "$dir/message.eml" || exit 74
            /usr/bin/python3 "$dir/parse.py" "$dir/message.eml" > "$dir/parsed.json" || exit 70
            # Each message also kept in the order sent, for tests that send several.
            n=$(ls "$dir" | grep -c '^sent-')
            cp "$dir/parsed.json" "$dir/sent-$(printf '%04d' "$n").json"
            """, executable: true)
        try stub.write("parse.py", parser, executable: false)
        return try await body(stub)
    }

    /// A transport running the stub with sendmail's usual arguments.
    func transport(timeout: Duration = .seconds(30)) throws -> SendmailTransport {
        try SendmailTransport(command: [script, "-t", "-i"], timeout: timeout)
    }

    /// Writes another script into the stub's directory (for failure cases); returns its path.
    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        return path
    }

    /// The arguments the stub was called with, one per line.
    func arguments() throws -> [String] {
        try String(contentsOfFile: directory.appendingPathComponent("args").path, encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    /// The bytes the stub read on stdin.
    func savedMessage() throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: messagePath))) }

    /// Every message the stub took so far, oldest first, as Python's email package read it.
    func allParsed() throws -> [ParsedMail] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("sent-") }.sorted().map {
            try JSONDecoder().decode(ParsedMail.self, from: Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }

    /// What Python's email package read from the saved message.
    func parsed() throws -> ParsedMail {
        try JSONDecoder().decode(ParsedMail.self, from: Data(contentsOf: directory.appendingPathComponent("parsed.json")))
    }

    private static var parser: String {
        #"""
        import email, email.policy, email.utils, json, sys
        raw = open(sys.argv[1], 'rb').read()
        m = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in (m.iter_parts() if m.is_multipart() else []):
            parts.append({
                'contentType': part.get_content_type(),
                'charset': part.get_content_charset(),
                'transferEncoding': part['Content-Transfer-Encoding'],
                'body': part.get_content().replace('\r\n', '\n'),
                'defects': [type(d).__name__ for d in part.defects],
            })
        to = m['To']
        frm = m['From']
        lines = raw.split(b'\r\n')
        header_end = lines.index(b'')
        print(json.dumps({
            'subject': str(m['Subject']),
            'fromName': frm.addresses[0].display_name,
            'fromAddress': frm.addresses[0].addr_spec,
            'to': [{'name': a.display_name, 'address': a.addr_spec} for a in to.addresses],
            'date': email.utils.parsedate_to_datetime(m['Date']).timestamp(),
            'messageID': m['Message-ID'],
            'mimeVersion': m['MIME-Version'],
            'contentType': m.get_content_type(),
            'headerNames': list(m.keys()),
            'parts': parts,
            'defects': [type(d).__name__ for d in m.defects],
            'asciiOnly': all(b < 128 for b in raw),
            'bareLineEnds': raw.count(b'\n') != raw.count(b'\r\n') or raw.replace(b'\r\n', b'').count(b'\r') > 0,
            'longestLine': max(len(l) for l in lines),
            'longestHeaderLine': max(len(l) for l in lines[:header_end]),
        }))
        """#
    }
}

/// The JSON the stub's parser writes.
struct ParsedMail: Decodable {
    struct Mailbox: Decodable, Equatable {
        var name: String
        var address: String
    }

    struct Part: Decodable {
        var contentType: String
        var charset: String?
        var transferEncoding: String?
        var body: String
        var defects: [String]
    }

    var subject: String
    var fromName: String
    var fromAddress: String
    var to: [Mailbox]
    var date: Double
    var messageID: String
    var mimeVersion: String
    var contentType: String
    var headerNames: [String]
    var parts: [Part]
    var defects: [String]
    var asciiOnly: Bool
    var bareLineEnds: Bool
    var longestLine: Int
    var longestHeaderLine: Int

    /// The part of this content type, if there is exactly one.
    func part(_ type: String) -> Part? {
        let matching = parts.filter { $0.contentType == type }
        return matching.count == 1 ? matching[0] : nil
    }
}
