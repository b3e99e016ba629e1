-- campaigns.llm_rerank: the client's switch for the optional LLM re-ranking of lead scores
-- (src/score/llm_reranker.h, docs/scoring.md "LLM re-ranking"). 1 means the title and text
-- excerpt of this campaign's best candidates may be sent to a third-party LLM endpoint (when the
-- server's llm.enabled is on too). Off for every existing campaign.

ALTER TABLE campaigns ADD COLUMN llm_rerank INTEGER NOT NULL DEFAULT 0 CHECK (llm_rerank IN (0, 1));
