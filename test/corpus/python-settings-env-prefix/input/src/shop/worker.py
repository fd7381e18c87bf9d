from anthropic import Anthropic

CLIENT = Anthropic()
