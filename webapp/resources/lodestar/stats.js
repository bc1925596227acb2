// Keeps the scroll position across the page's automatic refreshes (a meta refresh reloads the page).
(function () {
    var key = "lodestar.stats.scroll." + location.pathname + location.search;
    window.addEventListener("load", function () {
        var saved = sessionStorage.getItem(key);
        if (saved !== null) {
            var xy = saved.split(",");
            window.scrollTo(Number(xy[0]) || 0, Number(xy[1]) || 0);
        }
    });
    window.addEventListener("beforeunload", function () {
        sessionStorage.setItem(key, window.scrollX + "," + window.scrollY);
    });
})();
