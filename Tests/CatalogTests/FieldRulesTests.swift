import Catalog
import HangarCore
import Testing

/// Every numeric and length rule, at and just past its bounds.
@Suite struct FieldRulesTests {
    @Test func displayName() {
        #expect(FieldRules.displayName("a") == nil)
        #expect(FieldRules.displayName(String(repeating: "n", count: 64)) == nil)
        #expect(FieldRules.displayName(String(repeating: "é", count: 64)) == nil, "characters, not bytes")
        #expect(FieldRules.displayName(String(repeating: "n", count: 65)) != nil)
        #expect(FieldRules.displayName("") != nil)
        #expect(FieldRules.displayName("   ") != nil)
        #expect(FieldRules.displayName("tab\there") != nil)
        #expect(FieldRules.displayName("Mistral Large (2)") == nil)
    }

    @Test func apiName() {
        #expect(FieldRules.apiName("x") == nil)
        #expect(FieldRules.apiName(String(repeating: "x", count: 128)) == nil)
        #expect(FieldRules.apiName(String(repeating: "x", count: 129)) != nil)
        #expect(FieldRules.apiName("") != nil)
        #expect(FieldRules.apiName("has space") != nil)
        #expect(FieldRules.apiName("org/model:tag-1.5") == nil)
    }

    @Test func numericRanges() {
        #expect(FieldRules.contextWindow(1024) == nil)
        #expect(FieldRules.contextWindow(1023) != nil)
        #expect(FieldRules.contextWindow(2_000_000) == nil)
        #expect(FieldRules.contextWindow(2_000_001) != nil)
        #expect(FieldRules.maxOutputTokens(256) == nil)
        #expect(FieldRules.maxOutputTokens(255) != nil)
        #expect(FieldRules.maxOutputTokens(128_000) == nil)
        #expect(FieldRules.maxOutputTokens(128_001) != nil)
        #expect(FieldRules.temperature(0) == nil)
        #expect(FieldRules.temperature(-0.01) != nil)
        #expect(FieldRules.temperature(2) == nil)
        #expect(FieldRules.temperature(2.01) != nil)
        #expect(FieldRules.temperature(.nan) != nil)
        #expect(FieldRules.cost(0) == nil)
        #expect(FieldRules.cost(-0.000001) != nil)
        #expect(FieldRules.cost(1_000_000) == nil)
        #expect(FieldRules.cost(1_000_000.01) != nil)
    }

    @Test func localFileFormats() {
        #expect(FieldRules.hfRepo("unsloth/Qwen3-0.6B-GGUF") == nil)
        #expect(FieldRules.hfRepo("unsloth") != nil)
        #expect(FieldRules.hfRepo("a/b/c") != nil)
        #expect(FieldRules.hfRepo("-a/b") != nil)
        #expect(FieldRules.modelFile("Qwen3-0.6B-Q4_0.gguf") == nil)
        #expect(FieldRules.modelFile("dir/sub/model.gguf") == nil)
        #expect(FieldRules.modelFile("model.bin") != nil)
        #expect(FieldRules.modelFile("../model.gguf") != nil)
        #expect(FieldRules.modelFile("/abs/model.gguf") != nil)
        #expect(FieldRules.hfRevision("main") == nil)
        #expect(FieldRules.hfRevision("refs/pr/1") == nil)
        #expect(FieldRules.hfRevision("") != nil)
        #expect(FieldRules.hfRevision(".hidden") != nil)
    }

    @Test func connectionFields() {
        #expect(FieldRules.baseURL("https://api.example.com") == nil)
        #expect(FieldRules.baseURL("http://localhost:11434/v1") == nil)
        #expect(FieldRules.baseURL("http://[::1]:8080") == nil)
        #expect(FieldRules.baseURL("ftp://example.com") != nil)
        #expect(FieldRules.baseURL("https://user:pw@example.com") != nil)
        #expect(FieldRules.baseURL("https://example.com/?q=1") != nil)
        #expect(FieldRules.baseURL("https://example.com:0") != nil)
        #expect(FieldRules.baseURL("https://example.com:65536") != nil)
        #expect(FieldRules.baseURL("https://example.com:65535") == nil)
        #expect(FieldRules.apiVersion("2024-10-21") == nil)
        #expect(FieldRules.apiVersion("2025-01-01-preview") == nil)
        #expect(FieldRules.apiVersion("2024-1-21") != nil)
        #expect(FieldRules.limit(1, label: "RPM") == nil)
        #expect(FieldRules.limit(0, label: "RPM") != nil)
        #expect(FieldRules.maxParallel(1000) == nil)
        #expect(FieldRules.maxParallel(1001) != nil)
    }

    /// Each rule names what is wrong as a code with its parameters, beside the unchanged sentence.
    @Test func codesAndParams() {
        func expect(_ problem: FieldError?, _ code: FieldErrorCode, _ params: [String: JSONValue] = [:], _ message: String? = nil) {
            #expect(problem?.code == code, "\(String(describing: problem))")
            #expect(problem?.params == params, "\(String(describing: problem))")
            if let message { #expect(problem?.message == message) }
        }
        expect(FieldRules.displayName(""), .required, [:], "Name is required.")
        expect(
            FieldRules.displayName(String(repeating: "n", count: 65)), .tooLong, ["max": .number(64)], "Name must be at most 64 characters."
        )
        expect(FieldRules.displayName("tab\there"), .controlCharacters)
        expect(FieldRules.displayName("   "), .blank, [:], "Name must not be blank.")
        expect(FieldRules.apiName(""), .required)
        expect(FieldRules.apiName(String(repeating: "x", count: 129)), .tooLong, ["max": .number(128)])
        expect(FieldRules.apiName("has space"), .containsSpaces)
        expect(FieldRules.apiName("nul\u{0}"), .containsSpaces)
        expect(
            FieldRules.contextWindow(1023), .tooSmall, ["min": .number(1024)], "Context window must be between 1,024 and 2,000,000 tokens.")
        expect(FieldRules.contextWindow(2_000_001), .tooLarge, ["max": .number(2_000_000)])
        expect(FieldRules.temperature(2.01), .tooLarge, ["max": .number(2)])
        expect(FieldRules.temperature(-0.01), .tooSmall, ["min": .number(0)])
        expect(FieldRules.cost(0.0000001), .tooManyDecimals, ["places": .number(6)], "Cost must have at most 6 decimal places.")
        expect(FieldRules.cost(-1), .tooSmall, ["min": .number(0)])
        expect(FieldRules.limit(0, label: "Requests per minute"), .tooSmall, ["min": .number(1)])
        expect(FieldRules.maxParallel(1001), .tooLarge, ["max": .number(1000)], "Max parallel calls must be between 1 and 1,000.")
        expect(FieldRules.apiKey(""), .required, [:], "API key must be 1 to 4,096 characters.")
        expect(FieldRules.apiKey(String(repeating: "k", count: 4097)), .tooLong, ["max": .number(4096)])
        expect(FieldRules.apiKey("sk live"), .notPrintableASCII)
        expect(
            FieldRules.hfToken("hf_é"), .notPrintableASCII, [:], "Hugging Face token must be printable ASCII without spaces or line breaks."
        )
        expect(FieldRules.apiVersion("2024-1-21"), .invalidFormat, ["example": .string("2024-10-21")])
        expect(FieldRules.hfRepo("unsloth"), .invalidFormat, ["example": .string("owner/name")])
        expect(FieldRules.hfRevision(".hidden"), .invalidFormat, ["example": .string("main")])
        expect(FieldRules.modelFile("model.bin"), .invalidFormat, ["example": .string("model.Q4_K_M.gguf")])
        let urls: [(String, FieldErrorCode, String?)] = [
            ("", .invalidURL, "scheme"), ("https://ex ample.com", .invalidURL, "characters"), ("ftp://example.com", .invalidURL, "scheme"),
            ("https://example.com/#top", .invalidURL, "fragment"), ("https://example.com/?q=1", .invalidURL, "query"),
            ("https://user:pw@example.com", .invalidURL, "userinfo"), ("https://", .invalidURL, "host"),
            ("https://[::1", .invalidURL, "shape"), ("https://[0]", .invalidURL, "ipv6"), ("https://-bad-", .invalidURL, "host_name"),
            ("https://example.com:0", .invalidURL, "port"),
        ]
        for (url, code, reason) in urls {
            expect(FieldRules.baseURL(url), code, reason.map { ["reason": .string($0)] } ?? [:])
        }
    }
}
