"""vnplan"""
