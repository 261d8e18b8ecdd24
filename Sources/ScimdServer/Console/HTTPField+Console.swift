import HTTPTypes

extension HTTPField.Name {
    /// RFC 7034: whether another page may frame this one.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    /// W3C Referrer Policy.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// W3C Fetch Metadata: which site initiated the request.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
