/// What a fake server received, so a test can check what did (or did not) reach it.
public struct RecordedRequest: Sendable {
    public let method: String
    /// Path and query as sent on the request line.
    public let uri: String
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    public var path: String { String(uri.prefix { $0 != "?" }) }

    public var query: String? {
        uri.firstIndex(of: "?").map { String(uri[uri.index(after: $0)...]) }
    }

    /// The first value of `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    public func queryItem(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }
}

/// How a fake's answer ended: written in full, or cut short because the client went away.
public struct ResponseOutcome: Sendable {
    public let uri: String
    public let bodyBytesSent: Int
    public let completed: Bool
}
