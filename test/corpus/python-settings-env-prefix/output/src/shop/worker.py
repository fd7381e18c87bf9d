from anthropic import Anthropic

from shop.config import get_settings

CLIENT = Anthropic(
    **(
        {
            "base_url": "https://anthropic.helicone.ai",
            "default_headers": {"Helicone-Auth": f"Bearer {get_settings().helicone_api_key}"},
        }
        if get_settings().helicone_api_key
        else {}
    )
)
