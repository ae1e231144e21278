// The tests call chrome.sessions.restore() in this worker through the DevTools protocol; it only has to exist.
