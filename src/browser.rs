//! What only the browser knows: the saved cart, checkout draft, orders and their tokens, live
//! feeds. The server renders a stable placeholder in their place, and the browser renders the
//! same placeholder while it takes the page over (hydration must find what the server wrote);
//! once the page is live they fill in. Without a server (`csr`) they are there from the start.

use leptos::prelude::*;

use crate::components::page_head::PageHead;
use crate::i18n::Label;

/// Whether the browser's own state has been read, provided to the whole app.
#[derive(Clone, Copy)]
pub struct BrowserReady(ReadSignal<bool>);

impl BrowserReady {
    /// Whether the browser's state is there; reading it subscribes the caller.
    pub fn get(self) -> bool {
        self.0.get()
    }
}

/// Provides [`BrowserReady`]; once the server's page is live, `restore` reads the browser's
/// state and then the placeholders give way.
pub fn provide_browser_ready(restore: impl Fn() + 'static) {
    let ready = RwSignal::new(cfg!(feature = "csr"));
    provide_context(BrowserReady(ready.read_only()));
    if cfg!(feature = "hydrate") {
        // Effects run only in the browser, after hydration.
        Effect::new(move |_| {
            restore();
            ready.set(true);
        });
    } else {
        let _ = restore;
    }
}

/// [`BrowserReady`]; panics outside the app, where no component can run anyway.
pub fn use_browser_ready() -> BrowserReady {
    expect_context::<BrowserReady>()
}

/// `children` once the browser's state is there, `fallback` (the same on the server and while
/// the browser takes the page over) until then.
#[component]
pub fn BrowserOnly(
    /// The placeholder: shaped like what comes, so nothing moves when it does.
    #[prop(into)]
    fallback: ViewFn,
    /// What needs the browser's state.
    children: ChildrenFn,
) -> impl IntoView {
    let ready = use_browser_ready();
    // Hydration must find the placeholder even where it runs after the app's state is back (a
    // lazily loaded page hydrates once its code has arrived): this part's own effect runs only
    // once it has been hydrated.
    let hydrating =
        Owner::current_shared_context().is_some_and(|context| context.during_hydration());
    let hydrated = RwSignal::new(!hydrating);
    if hydrating {
        Effect::new(move |_| hydrated.set(true));
    }
    view! { <Show when=move || ready.get() && hydrated.get() fallback>{children()}</Show> }
}

/// A page that lives on the browser's state (cart, checkout, orders, feedback, insights): the
/// server renders its outline with its `title` and `description`, and says plainly without
/// JavaScript that it needs it.
#[component]
pub fn BrowserPage(
    /// The page's title until the page itself is there.
    title: Label,
    /// The page's description until the page itself is there.
    description: Label,
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let fallback = move || {
        view! {
            <PageHead
                title=move || title(i18n.t()).to_owned()
                description=move || description(i18n.t()).to_owned()
                private=true
            />
            <NoScriptNotice text=|t| t.needs_javascript/>
            <div class="skeleton skeleton--block" aria-hidden="true"></div>
        }
    };
    view! { <BrowserOnly fallback>{children()}</BrowserOnly> }
}

/// A notice seen only without JavaScript. A browser running scripts keeps a <noscript>'s
/// content as text, so it is written as HTML that taking the page over never looks into.
#[component]
pub fn NoScriptNotice(text: Label) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let html = format!(
        "<p class=\"notice\">{}</p>",
        escape_html(untrack(|| text(i18n.t())))
    );
    view! { <noscript inner_html=html></noscript> }
}

/// `text` safe to put into HTML as text.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
