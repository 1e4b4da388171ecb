/// The one error type domain code throws. HTTPAPI maps `kind` to a status code in a single
/// place; `code` is the stable machine name clients switch on and `fields` carries
/// field-level messages for forms.
public struct HangarError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case badRequest
        case unauthorized
        case forbidden
        case notFound
        case methodNotAllowed
        case conflict
        /// Known, but no longer served (a deprecated model under the `refuse` policy).
        case gone
        case payloadTooLarge
        case unprocessable
        case rateLimited
        case upstream
        case upstreamTimeout
        case unavailable
        case `internal`
    }

    public var kind: Kind
    public var code: ErrorCode
    public var message: String
    public var fields: [String: FieldError]
    /// When to try again, for errors that a wait cures (sent as `Retry-After`).
    public var retryAfterSeconds: Int?

    public init(_ kind: Kind, code: ErrorCode, message: String, fields: [String: FieldError] = [:], retryAfterSeconds: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.fields = fields
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(code): \(message)" }

    /// Field rules broken by a request: one problem per field, ready to show beside the input.
    public static func validation(_ fields: [String: FieldError]) -> HangarError {
        let list = fields.keys.sorted().joined(separator: ", ")
        return HangarError(
            .unprocessable, code: .validationFailed,
            message: "Some fields are invalid (\(list)); fix them and try again.", fields: fields)
    }

    /// The entities that `notFound(_:id:)` names, each with its own code.
    public enum Entity: String, Sendable {
        case model, provider, job, key

        var notFoundCode: ErrorCode {
            switch self {
            case .key: .keyNotFound
            case .model: .modelNotFound
            case .provider: .providerNotFound
            case .job: .jobNotFound
            }
        }
    }

    public static func notFound(_ entity: Entity, id: String) -> HangarError {
        HangarError(
            .notFound, code: entity.notFoundCode,
            message: "No \(entity.rawValue) with id '\(id.prefix(80))'; list them to find the right id.")
    }

    public static func badRequest(_ message: String, fields: [String: FieldError] = [:]) -> HangarError {
        HangarError(.badRequest, code: .badRequest, message: message, fields: fields)
    }
}

extension HangarError.Kind {
    /// The HTTP status of this kind of error, for Hangar's API and the OpenAI-shaped gateway alike.
    public var statusCode: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .conflict: 409
        case .gone: 410
        case .payloadTooLarge: 413
        case .unprocessable: 422
        case .rateLimited: 429
        case .upstream: 502
        case .upstreamTimeout: 504
        case .unavailable: 503
        case .internal: 500
        }
    }
}
