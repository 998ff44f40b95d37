"""The helpline assistant: NLU components, model lifecycle, evaluation and the `helpline` CLI."""
