import HangarCore

/// The field rules of the catalog, as pure functions returning the message to show beside the
/// field (nil when the value is fine). The web UI states the same rules with the same words,
/// and openapi.yaml states them as JSON Schema, so all three agree.
public enum FieldRules {
    public static let nameMax = 64
    public static let apiNameMax = 128
    public static let contextWindowRange = 1024...2_000_000
    public static let maxOutputTokensRange = 256...128_000
    public static let temperatureRange = 0.0...2.0
    public static let costRange = 0.0...1_000_000.0
    public static let limitRange = 1...1_000_000_000
    public static let maxParallelRange = 1...1000

    public static func displayName(_ value: String, label: String = "Name") -> String? {
        let scalars = value.unicodeScalars
        if scalars.isEmpty { return "\(label) is required." }
        if scalars.count > nameMax { return "\(label) must be at most \(nameMax) characters." }
        if scalars.contains(where: isControl) { return "\(label) must not contain control characters." }
        if scalars.allSatisfy(isSpace) { return "\(label) must not be blank." }
        return nil
    }

    public static func apiName(_ value: String) -> String? {
        let scalars = value.unicodeScalars
        if scalars.isEmpty { return "API name is required." }
        if scalars.count > apiNameMax { return "API name must be at most \(apiNameMax) characters." }
        if scalars.contains(where: { isControl($0) || isSpace($0) }) {
            return "API name must not contain spaces or control characters."
        }
        return nil
    }

    public static func contextWindow(_ value: Int) -> String? {
        contextWindowRange.contains(value) ? nil : "Context window must be between 1,024 and 2,000,000 tokens."
    }

    public static func maxOutputTokens(_ value: Int) -> String? {
        maxOutputTokensRange.contains(value) ? nil : "Max output tokens must be between 256 and 128,000."
    }

    public static func temperature(_ value: Double) -> String? {
        temperatureRange.contains(value) ? nil : "Temperature must be between 0 and 2."
    }

    public static func cost(_ value: Double) -> String? {
        guard costRange.contains(value) else { return "Cost must be between 0 and 1,000,000 USD per million tokens." }
        return PriceRule.fitsPlaces(value) ? nil : PriceRule.placesMessage
    }

    public static func limit(_ value: Int, label: String) -> String? {
        limitRange.contains(value) ? nil : "\(label) must be between 1 and 1,000,000,000."
    }

    public static func maxParallel(_ value: Int) -> String? {
        maxParallelRange.contains(value) ? nil : "Max parallel calls must be between 1 and 1,000."
    }

    public static func baseURL(_ value: String) -> String? {
        URLRule.problem(value)
    }

    /// Keys are printable ASCII without spaces; this also keeps pasted newlines out.
    public static func apiKey(_ value: String) -> String? {
        guard (1...4096).contains(value.utf8.count) else { return "API key must be 1 to 4,096 characters." }
        return value.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
            ? nil : "API key must be printable ASCII without spaces or line breaks."
    }

    public static func hfToken(_ value: String) -> String? {
        guard (1...4096).contains(value.utf8.count) else { return "Hugging Face token must be 1 to 4,096 characters." }
        return value.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
            ? nil : "Hugging Face token must be printable ASCII without spaces or line breaks."
    }

    public static func apiVersion(_ value: String) -> String? {
        Patterns.apiVersion.matches(value) ? nil : "API version must look like 2024-10-21 or 2025-01-01-preview."
    }

    public static func hfRepo(_ value: String) -> String? {
        value.utf8.count <= 193 && Patterns.hfRepo.matches(value)
            ? nil : "Hugging Face repository must look like owner/name (letters, digits, . _ -)."
    }

    public static func hfRevision(_ value: String) -> String? {
        Patterns.hfRevision.matches(value) ? nil : "Revision must be a branch, tag or commit (letters, digits, . _ / -)."
    }

    public static func modelFile(_ value: String) -> String? {
        value.utf8.count <= 512 && Patterns.modelFile.matches(value)
            ? nil : "Model file must be the path of a .gguf file in the repository, without . or .. parts."
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
