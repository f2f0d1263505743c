import DocgenCore
