import Foundation

/// A small price file in LiteLLM's format: per-token prices, a tier and batch prices to leave
/// out, a deprecation date with a successor, an entry under another provider's name, an
/// unknown provider, and LiteLLM's own `sample_spec` documentation entry.
enum PriceSyncFixture {
    static let json = #"""
        {
          "sample_spec": {"input_cost_per_token": 0.0, "max_tokens": "LEGACY parameter", "litellm_provider": "one of https://docs.litellm.ai/docs/providers", "deprecation_date": "date when the model becomes deprecated in the format YYYY-MM-DD"},
          "mistral/mistral-large-latest": {"litellm_provider": "mistral", "mode": "chat", "input_cost_per_token": 0.000002, "output_cost_per_token": 0.000006, "max_input_tokens": 131072, "max_output_tokens": 4096},
          "mistral/mistral-small-latest": {"litellm_provider": "mistral", "mode": "chat", "input_cost_per_token": 1e-07, "output_cost_per_token": 3e-07, "input_cost_per_token_above_128k_tokens": 2e-07, "input_cost_per_token_batches": 5e-08, "tiered_pricing": [{"range": [0, 128000], "input_cost_per_token": 9e-08}], "max_input_tokens": 32000, "max_output_tokens": 8192},
          "mistral/open-mistral-7b": {"litellm_provider": "mistral", "mode": "chat", "input_cost_per_token": 2.5e-07, "output_cost_per_token": 2.5e-07, "max_input_tokens": 32000, "max_output_tokens": 4096, "deprecation_date": "2025-03-30", "successor_model": "mistral/mistral-small-latest"},
          "mistral/codestral-latest": {"litellm_provider": "text-completion-codestral", "mode": "completion", "input_cost_per_token": 0.000001, "output_cost_per_token": 0.000003},
          "gpt-4o-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 0.00000015, "output_cost_per_token": 6e-07, "max_input_tokens": 128000, "max_output_tokens": 16384},
          "ollama/llama3.2": {"litellm_provider": "ollama", "mode": "chat", "input_cost_per_token": 0.0, "output_cost_per_token": 0.0, "max_input_tokens": 131072, "max_output_tokens": 8192},
          "bedrock/anthropic.claude-3-haiku": {"litellm_provider": "bedrock", "input_cost_per_token": 2.5e-07, "output_cost_per_token": 1.25e-06}
        }
        """#

    static var object: [String: Any] {
        // The fixture is written by hand above; a typo there is a test bug, reported loudly.
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }

    /// Entries other than `sample_spec`.
    static let entryCount = 7
}
