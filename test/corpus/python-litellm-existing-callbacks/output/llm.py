import os
import litellm

litellm.success_callback = ["langfuse"]
if os.environ.get("HELICONE_API_KEY"):
    litellm.success_callback.append("helicone")
