// The page: reads the API with relative URLs (so it works under a prefix).
const main = document.getElementById('main');
fetch('api/v1/events').then((r) => r.json()).then((doc) => {
  const list = document.createElement('ol');
  for (const e of doc.data) {
    const li = document.createElement('li');
    li.textContent = `${e.period_label}: ${e.title}`;
    list.append(li);
  }
  main.append(list);
});
