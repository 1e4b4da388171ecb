import HangarCore

/// The field rules of the catalog, as pure functions returning the problem to show beside the
/// field (nil when the value is fine). `GET /api/meta` publishes the same limits for the web
/// UI, and openapi.yaml states them as JSON Schema, so all three agree.
public enum FieldRules {
    public static let nameMax = 64
    public static let apiNameMax = 128
    public static let contextWindowRange = 1024...2_000_000
    public static let maxOutputTokensRange = 256...128_000
    public static let temperatureRange = 0.0...2.0
    public static let costRange = 0.0...1_000_000.0
    public static let limitRange = 1...1_000_000_000
    public static let maxParallelRange = 1...1000
    public static let secretMax = 4096
    public static let hfRepoMax = 193
    public static let modelFileMax = 512
    public static let urlMaxLength = URLRule.maxLength
    public static let urlSchemes = URLRule.schemes

    /// The contract's patterns (openapi.yaml, ECMAScript syntax) for the formats the matchers
    /// of `Patterns` check; `GET /api/meta` publishes them, a test keeps all three equal.
    public static let apiVersionPattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$"
    public static let hfRepoPattern = "^[A-Za-z0-9]([A-Za-z0-9._-]{0,94}[A-Za-z0-9])?/[A-Za-z0-9]([A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$"
    public static let hfRevisionPattern = "^[A-Za-z0-9_][A-Za-z0-9._/-]{0,127}$"
    public static let modelFilePattern = #"^([A-Za-z0-9_-][A-Za-z0-9._-]{0,127}/){0,8}[A-Za-z0-9_-][A-Za-z0-9._-]{0,250}\.gguf$"#

    public static func displayName(_ value: String, label: String = "Name") -> FieldError? {
        let scalars = value.unicodeScalars
        if scalars.isEmpty { return .required("\(label) is required.") }
        if scalars.count > nameMax { return .tooLong(max: nameMax, "\(label) must be at most \(nameMax) characters.") }
        if scalars.contains(where: isControl) { return FieldError(.controlCharacters, "\(label) must not contain control characters.") }
        if scalars.allSatisfy(isSpace) { return FieldError(.blank, "\(label) must not be blank.") }
        return nil
    }

    public static func apiName(_ value: String) -> FieldError? {
        let scalars = value.unicodeScalars
        if scalars.isEmpty { return .required("API name is required.") }
        if scalars.count > apiNameMax { return .tooLong(max: apiNameMax, "API name must be at most \(apiNameMax) characters.") }
        if scalars.contains(where: { isControl($0) || isSpace($0) }) {
            return FieldError(.containsSpaces, "API name must not contain spaces or control characters.")
        }
        return nil
    }

    public static func contextWindow(_ value: Int) -> FieldError? {
        .outside(value, contextWindowRange, "Context window must be between 1,024 and 2,000,000 tokens.")
    }

    public static func maxOutputTokens(_ value: Int) -> FieldError? {
        .outside(value, maxOutputTokensRange, "Max output tokens must be between 256 and 128,000.")
    }

    public static func temperature(_ value: Double) -> FieldError? {
        .outside(value, temperatureRange, "Temperature must be between 0 and 2.")
    }

    public static func cost(_ value: Double) -> FieldError? {
        if let outside = FieldError.outside(value, costRange, costMessage) { return outside }
        return PriceRule.fitsPlaces(value) ? nil : PriceRule.placesProblem
    }

    public static let costMessage = "Cost must be between 0 and 1,000,000 USD per million tokens."

    public static let deprecationDatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

    /// A calendar day, `YYYY-MM-DD`, as LiteLLM's price data and date inputs write it.
    public static func deprecationDate(_ value: String) -> FieldError? {
        CivilDay(value) == nil
            ? .invalidFormat(example: "2026-12-31", "Deprecation date must be a calendar day such as 2026-12-31.") : nil
    }

    public static func limit(_ value: Int, label: String) -> FieldError? {
        .outside(value, limitRange, "\(label) must be between 1 and 1,000,000,000.")
    }

    public static func maxParallel(_ value: Int) -> FieldError? {
        .outside(value, maxParallelRange, "Max parallel calls must be between 1 and 1,000.")
    }

    public static func baseURL(_ value: String) -> FieldError? {
        URLRule.problem(value)
    }

    /// Keys are printable ASCII without spaces; this also keeps pasted newlines out.
    public static func apiKey(_ value: String) -> FieldError? {
        secret(
            value, length: "API key must be 1 to 4,096 characters.",
            ascii: "API key must be printable ASCII without spaces or line breaks.")
    }

    public static func hfToken(_ value: String) -> FieldError? {
        secret(
            value, length: "Hugging Face token must be 1 to 4,096 characters.",
            ascii: "Hugging Face token must be printable ASCII without spaces or line breaks.")
    }

    private static func secret(_ value: String, length: String, ascii: String) -> FieldError? {
        if value.isEmpty { return .required(length) }
        if value.utf8.count > secretMax { return .tooLong(max: secretMax, length) }
        return value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) ? nil : FieldError(.notPrintableASCII, ascii)
    }

    public static func apiVersion(_ value: String) -> FieldError? {
        Patterns.apiVersion.matches(value)
            ? nil : .invalidFormat(example: "2024-10-21", "API version must look like 2024-10-21 or 2025-01-01-preview.")
    }

    public static func hfRepo(_ value: String) -> FieldError? {
        value.utf8.count <= hfRepoMax && Patterns.hfRepo.matches(value)
            ? nil : .invalidFormat(example: "owner/name", "Hugging Face repository must look like owner/name (letters, digits, . _ -).")
    }

    public static func hfRevision(_ value: String) -> FieldError? {
        Patterns.hfRevision.matches(value)
            ? nil : .invalidFormat(example: "main", "Revision must be a branch, tag or commit (letters, digits, . _ / -).")
    }

    public static func modelFile(_ value: String) -> FieldError? {
        value.utf8.count <= modelFileMax && Patterns.modelFile.matches(value)
            ? nil
            : .invalidFormat(
                example: "model.Q4_K_M.gguf", "Model file must be the path of a .gguf file in the repository, without . or .. parts.")
    }

    /// C0 and C1 control characters and DEL.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Unicode White_Space, which is also what JSON Schema validators treat as `\s`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }
}
