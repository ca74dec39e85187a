"""The command line: python -m assessment …"""
