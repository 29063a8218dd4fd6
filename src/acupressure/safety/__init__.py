"""Safety first: the rules, the person's answers (profile), the questions, and the verdict."""
