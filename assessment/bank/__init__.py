"""The question bank: its schema (model), the loaded object (entity), the loader and its checks."""

from assessment.bank.entity import Bank, BankError, Problem
from assessment.bank.loader import DEFAULT_BANK_DIR, load_bank

__all__ = ["DEFAULT_BANK_DIR", "Bank", "BankError", "Problem", "load_bank"]
