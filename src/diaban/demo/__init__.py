"""The Bến Tre demo dataset (`make demo`, `diaban demo`), built through the apps' services and rules.

`loader.load_demo` runs the steps in order; one module per app writes that app's part (territory, assignments,
accounts, meetings, reports, visits, feedback, guidance), and the long texts they draw from are in `data/`.
"""

from diaban.demo.accounts import DEMO_PASSWORD, demo_accounts
from diaban.demo.loader import load_demo
from diaban.demo.territory import BA_TRI_CODE, PROVINCE_CODE

__all__ = ["BA_TRI_CODE", "DEMO_PASSWORD", "PROVINCE_CODE", "demo_accounts", "load_demo"]
