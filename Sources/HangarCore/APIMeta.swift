/// `GET /api/meta`: the rules the server checks fields with, its enumerations and its error
/// codes, so a client can check a form as the server will (and word the answer itself).
public struct APIMeta: Codable, Sendable, Hashable {
    /// Rules by form (`provider`, `model`, `settings`), then by field.
    public var fields: [String: [String: FieldRule]]
    /// The values of each enumeration a form offers (`provider`: every connection kind).
    public var kinds: [String: [String]]
    public var errorCodes: [String]
    public var fieldErrorCodes: [String]
    /// The model fields a builtin model lets an admin change.
    public var builtinEditable: [String]
    /// An active model whose deprecation date is this close (or past) shows a warning.
    public var deprecationWarningDays: Int

    public init(
        fields: [String: [String: FieldRule]], kinds: [String: [String]], errorCodes: [String], fieldErrorCodes: [String],
        builtinEditable: [String] = [], deprecationWarningDays: Int = DeprecationNotice.warningDays
    ) {
        self.builtinEditable = builtinEditable
        self.deprecationWarningDays = deprecationWarningDays
        self.fields = fields
        self.kinds = kinds
        self.errorCodes = errorCodes
        self.fieldErrorCodes = fieldErrorCodes
    }

    enum CodingKeys: String, CodingKey {
        case fields, kinds
        case errorCodes = "error_codes"
        case fieldErrorCodes = "field_error_codes"
        case builtinEditable = "builtin_editable"
        case deprecationWarningDays = "deprecation_warning_days"
    }
}

/// One field's rule. Lengths count Unicode scalars; absent members do not apply.
public struct FieldRule: Codable, Sendable, Hashable {
    public enum ValueType: String, Codable, Sendable, Hashable {
        case string, integer, number, url, secret
    }

    public var type: ValueType
    public var required: Bool
    public var minLength: Int?
    public var maxLength: Int?
    /// Numbers as JSON values, so whole bounds go out as integers (`1024`, not `1024.0`).
    public var min: JSONValue?
    public var max: JSONValue?
    public var decimalPlaces: Int?
    /// The contract's pattern (ECMAScript syntax), for the formats a matcher checks.
    public var pattern: String?
    public var example: String?
    public var notBlank: Bool?
    public var noControl: Bool?
    public var noSpaces: Bool?
    public var printableASCII: Bool?
    public var schemes: [String]?
    public var `default`: JSONValue?

    public init(
        _ type: ValueType, required: Bool = false, minLength: Int? = nil, maxLength: Int? = nil, min: JSONValue? = nil,
        max: JSONValue? = nil, decimalPlaces: Int? = nil, pattern: String? = nil, example: String? = nil, notBlank: Bool? = nil,
        noControl: Bool? = nil, noSpaces: Bool? = nil, printableASCII: Bool? = nil, schemes: [String]? = nil,
        default: JSONValue? = nil
    ) {
        self.type = type
        self.required = required
        self.minLength = minLength
        self.maxLength = maxLength
        self.min = min
        self.max = max
        self.decimalPlaces = decimalPlaces
        self.pattern = pattern
        self.example = example
        self.notBlank = notBlank
        self.noControl = noControl
        self.noSpaces = noSpaces
        self.printableASCII = printableASCII
        self.schemes = schemes
        self.default = `default`
    }

    /// An integer or number rule bounded by `range`.
    public static func range<T: BinaryInteger>(_ range: ClosedRange<T>, required: Bool = false, default: T? = nil) -> FieldRule {
        FieldRule(
            .integer, required: required, min: .number(Double(range.lowerBound)), max: .number(Double(range.upperBound)),
            default: `default`.map { .number(Double($0)) })
    }

    public static func range(
        _ range: ClosedRange<Double>, decimalPlaces: Int? = nil, required: Bool = false, default: Double? = nil
    ) -> FieldRule {
        FieldRule(
            .number, required: required, min: .number(range.lowerBound), max: .number(range.upperBound), decimalPlaces: decimalPlaces,
            default: `default`.map { .number($0) })
    }

    enum CodingKeys: String, CodingKey {
        case type, required, min, max, pattern, example, schemes, `default`
        case minLength = "min_length"
        case maxLength = "max_length"
        case decimalPlaces = "decimal_places"
        case notBlank = "not_blank"
        case noControl = "no_control"
        case noSpaces = "no_spaces"
        case printableASCII = "printable_ascii"
    }
}
