import Catalog
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
}
