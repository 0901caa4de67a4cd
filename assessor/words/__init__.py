"""How people say things: answers normalised into comparable words, and the word lists and
equivalents the chat and the workshop read them with. Below the conversation and the workshop
rules, so both read a word the same way."""
