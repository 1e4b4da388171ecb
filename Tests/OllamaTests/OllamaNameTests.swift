import Foundation
import Testing

@testable import Ollama

@Suite("Ollama model names (Ollama's own rules)")
struct OllamaNameTests {
    @Test(
        "defaults fill the missing parts",
        arguments: [
            ("llama3.2", "registry.ollama.ai", "library", "llama3.2", "latest", "llama3.2:latest"),
            ("qwen2.5:0.5b", "registry.ollama.ai", "library", "qwen2.5", "0.5b", "qwen2.5:0.5b"),
            ("me/mymodel:v1", "registry.ollama.ai", "me", "mymodel", "v1", "me/mymodel:v1"),
            (
                "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "hf.co", "bartowski", "Llama-3.2-1B-Instruct-GGUF", "Q4_K_M",
                "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"
            ),
            ("localhost:5000/team/model", "localhost:5000", "team", "model", "latest", "localhost:5000/team/model:latest"),
            ("_x", "registry.ollama.ai", "library", "_x", "latest", "_x:latest"),
        ])
    func parts(text: String, host: String, namespace: String, model: String, tag: String, shortest: String) throws {
        let name = try OllamaName(text)
        #expect([name.host, name.namespace, name.model, name.tag] == [host, namespace, model, tag])
        #expect(name.shortest == shortest)
        #expect(name.raw == text)
    }

    @Test(
        "names Ollama would refuse never pass",
        arguments: [
            "", ":", "llama3.2:", ":latest", "/llama", "llama/", "a/b/c/d", "-llama", ".llama", "llama 3", "llama?x=1",
            "llama#frag", "lla%2Fma", "my.ns/model", "ns/mo:del:tag", "model:ta/g", "model:-tag", "ns/-model",
            String(repeating: "a", count: 81), "m:" + String(repeating: "t", count: 81), "ünïcode", "a\u{0}b", "model:tag\n",
            "../../etc/passwd",
        ])
    func refused(text: String) {
        #expect(throws: OllamaNameError.self) { try OllamaName(text) }
    }

    @Test("the limits themselves are allowed")
    func limits() throws {
        _ = try OllamaName(String(repeating: "a", count: 80))
        _ = try OllamaName("m:" + String(repeating: "t", count: 80))
        _ = try OllamaName(String(repeating: "h", count: 350) + "/ns/m")
        #expect(throws: OllamaNameError.self) { try OllamaName(String(repeating: "h", count: 351) + "/ns/m") }
    }

    @Test("the same model under two spellings")
    func sameModel() throws {
        #expect(try OllamaName("llama3.2").sameModel(as: OllamaName("Llama3.2:latest")))
        #expect(try OllamaName("library/llama3.2:latest").sameModel(as: OllamaName("llama3.2")))
        #expect(try !OllamaName("llama3.2:1b").sameModel(as: OllamaName("llama3.2")))
        #expect(try !OllamaName("me/llama3.2").sameModel(as: OllamaName("llama3.2")))
    }

    @Test("the error says which part is wrong")
    func messages() {
        #expect(throws: OllamaNameError("The namespace part 'my.ns' may only hold letters, digits, _ and -.")) {
            try OllamaName("my.ns/model")
        }
        #expect(throws: OllamaNameError("The tag part of the name is empty.")) { try OllamaName("llama:") }
    }

    @Test("digests: sha256 and 64 hex digits, nothing else")
    func digests() {
        let hex = String(repeating: "ab", count: 32)
        #expect(OllamaDigest.hex(hex) == hex)
        #expect(OllamaDigest.hex("sha256:" + hex.uppercased()) == hex)
        #expect(OllamaDigest.hex("sha256:" + hex.dropLast()) == nil)
        #expect(OllamaDigest.hex("sha512:" + hex) == nil)
        #expect(OllamaDigest.hex(String(repeating: "g", count: 64)) == nil)
    }
}

@Suite("Ollama times")
struct OllamaTimeTests {
    @Test(
        "Go's RFC 3339 with nanoseconds and offsets",
        arguments: [
            ("2025-01-15T09:30:12.345678901+01:00", 1_736_929_812.345),
            ("2025-01-15T08:30:12Z", 1_736_929_812.0),
            ("2025-01-15T08:30:12.5Z", 1_736_929_812.5),
        ])
    func parses(text: String, seconds: Double) throws {
        let date = try #require(OllamaTime.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.001)
    }

    @Test func refusesOtherText() {
        #expect(OllamaTime.parse("yesterday") == nil)
        #expect(OllamaTime.parse("") == nil)
    }
}
