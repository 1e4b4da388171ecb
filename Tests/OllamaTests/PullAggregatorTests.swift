import Foundation
import Testing

@testable import Ollama

@Suite("Pull progress: layers summed into one")
struct PullAggregatorTests {
    func line(_ json: String) throws -> OllamaWire.ProgressLine {
        try JSONDecoder().decode(OllamaWire.ProgressLine.self, from: Data(json.utf8))
    }

    @Test("layers add up; phases follow Ollama's statuses; counts never go back")
    func sums() throws {
        var aggregator = PullAggregator()
        let a = "sha256:" + String(repeating: "a", count: 64)
        let b = "sha256:" + String(repeating: "b", count: 64)
        #expect(aggregator.take(try line(#"{"status":"pulling manifest"}"#)) == nil)
        #expect(aggregator.progress.phase == .manifest)
        _ = aggregator.take(try line(#"{"status":"pulling aaaaaaaaaaaa","digest":"\#(a)","total":1000}"#))
        _ = aggregator.take(try line(#"{"status":"pulling aaaaaaaaaaaa","digest":"\#(a)","total":1000,"completed":400}"#))
        _ = aggregator.take(try line(#"{"status":"pulling bbbbbbbbbbbb","digest":"\#(b)","total":3000,"completed":600}"#))
        #expect(aggregator.progress.bytesDone == 1000)
        #expect(aggregator.progress.bytesTotal == 4000)
        #expect(aggregator.progress.percent == 25)
        #expect(aggregator.progress.layers == 2)
        #expect(aggregator.progress.phase == .downloading)
        #expect(aggregator.progress.status == "pulling bbbbbbbbbbbb")
        // A line with fewer bytes (a retried chunk) does not move the bar back.
        _ = aggregator.take(try line(#"{"status":"pulling aaaaaaaaaaaa","digest":"\#(a)","total":1000,"completed":100}"#))
        #expect(aggregator.progress.bytesDone == 1000)
        _ = aggregator.take(try line(#"{"status":"pulling aaaaaaaaaaaa","digest":"\#(a)","total":1000,"completed":1000}"#))
        _ = aggregator.take(try line(#"{"status":"pulling bbbbbbbbbbbb","digest":"\#(b)","total":3000,"completed":3000}"#))
        #expect(aggregator.progress.percent == 100)
        _ = aggregator.take(try line(#"{"status":"verifying sha256 digest"}"#))
        #expect(aggregator.progress.phase == .verifying)
        _ = aggregator.take(try line(#"{"status":"writing manifest"}"#))
        #expect(aggregator.progress.phase == .writing)
        _ = aggregator.take(try line(#"{"status":"removing any unused layers"}"#))
        #expect(aggregator.progress.phase == .cleaning)
        _ = aggregator.take(try line(#"{"status":"success"}"#))
        #expect(aggregator.progress.phase == .success)
        #expect(aggregator.progress.bytesDone == 4000)
    }

    @Test("an error line at any point is returned as Ollama wrote it")
    func error() throws {
        var aggregator = PullAggregator()
        _ = aggregator.take(try line(#"{"status":"pulling manifest"}"#))
        #expect(
            aggregator.take(try line(#"{"error":"pull model manifest: file does not exist"}"#))
                == "pull model manifest: file does not exist")
        #expect(aggregator.take(try line(#"{"error":""}"#)) == "unknown error")
    }

    @Test("completed beyond total, or negative counts, are clamped")
    func clamps() throws {
        var aggregator = PullAggregator()
        let a = "sha256:" + String(repeating: "a", count: 64)
        _ = aggregator.take(try line(#"{"status":"pulling","digest":"\#(a)","total":100,"completed":500}"#))
        #expect(aggregator.progress.bytesDone == 100)
        _ = aggregator.take(try line(#"{"status":"pulling","digest":"\#(a)","total":-5,"completed":-1}"#))
        #expect(aggregator.progress.bytesTotal == 100)
    }
}
