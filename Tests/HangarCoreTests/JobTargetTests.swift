import Foundation
import HangarCore
import Testing

@Suite struct JobTargetTests {
    @Test(arguments: [
        ("model:m-1", JobTarget.model(id: "m-1")),
        ("ollama:p-1", JobTarget.ollama(providerID: "p-1", model: nil)),
        ("ollama:p-1:llama3.2:1b", JobTarget.ollama(providerID: "p-1", model: "llama3.2:1b")),
        ("ollama:p-1:hf.co/owner/repo:q4_k_m", JobTarget.ollama(providerID: "p-1", model: "hf.co/owner/repo:q4_k_m")),
    ])
    func aTargetReadsBackAsItsParts(text: String, target: JobTarget) {
        #expect(JobTarget(text) == target)
        #expect(target.string == text)
    }

    @Test(arguments: ["", "model:", "ollama:", "ollama::x", "ollama:p:", "other:1", "modelx"])
    func aMalformedTargetHasNoParts(text: String) {
        #expect(JobTarget(text) == nil)
    }

    @Test func aJobSendsItsTargetsPartsAsFields() throws {
        func fields(_ target: String) throws -> [String: Any] {
            let job = Job(id: "j", kind: "k", target: target, state: .queued, createdAt: "t", updatedAt: "t")
            return try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(job)) as? [String: Any])
        }
        let download = try fields("model:m-1")
        #expect(download["model_id"] as? String == "m-1")
        #expect(download["provider_id"] is NSNull && download["ollama_model"] is NSNull)
        let pull = try fields("ollama:p-1:qwen3:8b")
        #expect(pull["provider_id"] as? String == "p-1" && pull["ollama_model"] as? String == "qwen3:8b")
        #expect(pull["model_id"] is NSNull)
        let check = try fields("ollama:p-1")
        #expect(check["provider_id"] as? String == "p-1" && check["ollama_model"] is NSNull)
    }
}
