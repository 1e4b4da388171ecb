import Foundation
import HangarCore

/// An error as the OpenAI API writes it, `{"error": {"message", "type", "code", "param"}}`, so
/// that SDKs raise their typed exceptions (401 AuthenticationError, 404 NotFoundError…).
public struct OpenAIError: Error, Sendable, Encodable {
    public var status: Int
    public var message: String
    public var type: String
    public var code: String?
    public var param: String?
    /// Seconds to wait, sent as `Retry-After` on a 429.
    public var retryAfterSeconds: Int?

    public init(status: Int, message: String, type: String, code: String? = nil, param: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// No key, a malformed one, or one that is unknown, revoked or expired: the caller cannot tell which.
    public static let invalidKey = OpenAIError(
        status: 401,
        message: "Send a Hangar application key as 'Authorization: Bearer hk_…'; this one is missing, unknown, revoked or expired.",
        type: "invalid_request_error", code: "invalid_api_key")

    /// The same error, from a Hangar error: its status, message and code; the field it blames.
    public init(_ error: HangarError) {
        let status = error.kind.statusCode
        self.init(
            status: status, message: error.message, type: Self.type(of: status), code: error.code.rawValue,
            param: error.fields.keys.sorted().first, retryAfterSeconds: error.retryAfterSeconds)
    }

    /// OpenAI's families of `type`: SDKs pick their exception by status; the type is for people.
    static func type(of status: Int) -> String {
        switch status {
        case 429: "rate_limit_error"
        case 500...: "server_error"
        default: "invalid_request_error"
        }
    }

    /// The body as sent: compact JSON.
    public var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map(Array.init) ?? []
    }

    enum CodingKeys: String, CodingKey { case error }
    enum InnerKeys: String, CodingKey { case message, type, code, param }

    public func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: CodingKeys.self)
        var inner = outer.nestedContainer(keyedBy: InnerKeys.self, forKey: .error)
        try inner.encode(message, forKey: .message)
        try inner.encode(type, forKey: .type)
        try inner.encode(code, forKey: .code)
        try inner.encode(param, forKey: .param)
    }
}
