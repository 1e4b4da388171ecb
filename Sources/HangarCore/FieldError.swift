/// What is wrong with one field of a request: a stable code and its parameters for clients
/// that word the problem themselves, and the English sentence for those that do not.
public struct FieldError: Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: FieldErrorCode
    public var message: String
    /// Always sent, empty when the code needs no detail (`{"min": 1024}` for `too_small`).
    public var params: [String: JSONValue]

    public init(_ code: FieldErrorCode, _ message: String, params: [String: JSONValue] = [:]) {
        self.code = code
        self.message = message
        self.params = params
    }

    public var description: String { message }

    public static func required(_ message: String) -> FieldError { FieldError(.required, message) }
    public static func invalid(_ message: String) -> FieldError { FieldError(.invalid, message) }
    public static func notFound(_ message: String) -> FieldError { FieldError(.notFound, message) }
    public static func notAllowed(_ message: String) -> FieldError { FieldError(.notAllowed, message) }
    public static func duplicate(_ message: String) -> FieldError { FieldError(.duplicate, message) }

    public static func tooLong(max: Int, _ message: String) -> FieldError {
        FieldError(.tooLong, message, params: ["max": .number(Double(max))])
    }

    public static func invalidFormat(example: String, _ message: String) -> FieldError {
        FieldError(.invalidFormat, message, params: ["example": .string(example)])
    }

    /// `required` for an empty value, `too_long` past `max` Unicode scalars; nil in between.
    public static func length(of value: String, max: Int, _ message: String) -> FieldError? {
        if value.isEmpty { return .required(message) }
        return value.unicodeScalars.count > max ? .tooLong(max: max, message) : nil
    }

    /// `too_small` or `too_large`, whichever bound `value` is past; nil inside the range.
    public static func outside<T: BinaryInteger>(_ value: T, _ range: ClosedRange<T>, _ message: String) -> FieldError? {
        outside(Double(value), Double(range.lowerBound)...Double(range.upperBound), message)
    }

    public static func outside(_ value: Double, _ range: ClosedRange<Double>, _ message: String) -> FieldError? {
        if value < range.lowerBound { return FieldError(.tooSmall, message, params: ["min": .number(range.lowerBound)]) }
        if value > range.upperBound { return FieldError(.tooLarge, message, params: ["max": .number(range.upperBound)]) }
        // NaN is neither below nor above; no JSON number is NaN, but stay on the safe side.
        return value.isNaN ? .invalid(message) : nil
    }
}

/// The codes of `FieldError`; openapi.yaml lists the same values (`FieldErrorCode`).
public enum FieldErrorCode: String, Sendable, CaseIterable, Codable {
    case required
    case tooLong = "too_long"
    case blank
    case controlCharacters = "control_characters"
    case containsSpaces = "contains_spaces"
    case tooSmall = "too_small"
    case tooLarge = "too_large"
    case tooManyDecimals = "too_many_decimals"
    case notPrintableASCII = "not_printable_ascii"
    case invalidFormat = "invalid_format"
    case invalidURL = "invalid_url"
    case notFound = "not_found"
    case notAllowed = "not_allowed"
    case duplicate
    case deprecated
    case otherProvider = "other_provider"
    case selfReference = "self_reference"
    case notActive = "not_active"
    case needsReplacement = "needs_replacement"
    case onlyWhenDeprecated = "only_when_deprecated"
    case invalid
}
