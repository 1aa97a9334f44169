//! What an order costs, as the checkout and the order's page both show it: its totals, each
//! duty, tax or fee, and the payment method's name.

use leptos::prelude::*;
use storefront_domain::Money;
use storefront_domain::landed_cost::Charge;
use storefront_domain::market::PaymentMethod;
use storefront_domain::order::OrderShipment;
use storefront_domain::quote::QuotedCharge;

use crate::i18n::{Messages, fill, format, use_i18n};

/// The totals of an order's shipments: what was (or will be) charged and what is due later.
#[component]
pub fn OrderTotals(
    /// The shipments, as priced.
    shipments: Vec<OrderShipment>,
    /// What is charged at checkout.
    total: Money,
    /// What the carriers collect on delivery.
    due_later: Money,
) -> impl IntoView {
    let i18n = use_i18n();
    let zero = Money::zero(total.currency);
    let sum = |amount: fn(&OrderShipment) -> Money| {
        shipments
            .iter()
            .try_fold(zero, |total, shipment| {
                total.checked_add(amount(shipment)).ok()
            })
            .unwrap_or(zero)
    };
    let goods = sum(|s| s.goods);
    let shipping = sum(|s| s.shipping);
    let add_ons = shipments
        .iter()
        .flat_map(|s| &s.add_ons)
        .try_fold(zero, |total, add_on| total.checked_add(add_on.price).ok())
        .unwrap_or(zero);
    let duties = sum(|s| s.duties_at_checkout);
    let money = move |amount: Money| format::money(&amount, i18n.locale().tag());
    let row = move |label: fn(&'static crate::i18n::Messages) -> &'static str, amount: Money| {
        view! {
            <div class="totals__row">
                <dt>{move || label(i18n.t())}</dt>
                <dd class="price">{move || money(amount)}</dd>
            </div>
        }
    };
    view! {
        <dl class="totals">
            {row(|t| t.subtotal, goods)}
            {row(|t| t.shipping, shipping)}
            {(add_ons.amount_minor > 0).then(|| row(|t| t.add_ons_heading, add_ons))}
            {row(|t| t.duties_paid_now, duties)}
            <div class="totals__row totals__row--total">
                <dt>{move || i18n.t().total_charged}</dt>
                <dd class="price" data-testid="total-charged">{move || money(total)}</dd>
            </div>
            {(due_later.amount_minor > 0).then(|| {
                view! {
                    <div class="totals__row">
                        <dt>{move || i18n.t().due_on_delivery}</dt>
                        <dd class="price">{move || money(due_later)}</dd>
                    </div>
                }
            })}
        </dl>
    }
}

/// One duty, tax or fee.
#[component]
pub fn ChargeRow(charge: QuotedCharge) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || {
        let t = i18n.t();
        let locale = i18n.locale().tag();
        match charge.charge {
            Charge::Duty {
                hs_chapter,
                rate_bp,
                ..
            } => fill(
                &fill(t.charge_duty, "rate", &format::percent_bp(rate_bp, locale)),
                "chapter",
                &format!("{hs_chapter:02}"),
            ),
            Charge::ImportVat { rate_bp, .. } => {
                fill(t.charge_vat, "rate", &format::percent_bp(rate_bp, locale))
            }
            Charge::CollectionFee { .. } => t.charge_collection_fee.to_owned(),
        }
    };
    view! {
        <li class="charges__row">
            <span>{label}</span>
            <span class="price">{move || format::money(&charge.amount, i18n.locale().tag())}</span>
        </li>
    }
}

/// A payment method's name: brand names as they are, generic methods translated.
pub fn method_name(method: PaymentMethod, t: &'static Messages) -> &'static str {
    match method {
        PaymentMethod::Card => t.method_card,
        PaymentMethod::SepaDebit => t.method_sepa_debit,
        PaymentMethod::Konbini => t.method_konbini,
        PaymentMethod::Oxxo => t.method_oxxo,
        PaymentMethod::Boleto => t.method_boleto,
        PaymentMethod::Paypal => "PayPal",
        PaymentMethod::ApplePay => "Apple Pay",
        PaymentMethod::GooglePay => "Google Pay",
        PaymentMethod::Klarna => "Klarna",
        PaymentMethod::Afterpay => "Afterpay",
        PaymentMethod::Clearpay => "Clearpay",
        PaymentMethod::Ideal => "iDEAL",
        PaymentMethod::Twint => "TWINT",
        PaymentMethod::Bizum => "Bizum",
        PaymentMethod::Interac => "Interac",
        PaymentMethod::MercadoPago => "Mercado Pago",
        PaymentMethod::Pix => "Pix",
        PaymentMethod::Paypay => "PayPay",
        PaymentMethod::Alipay => "Alipay",
        PaymentMethod::WechatPay => "WeChat Pay",
        PaymentMethod::KakaoPay => "Kakao Pay",
        PaymentMethod::NaverPay => "Naver Pay",
        PaymentMethod::Mada => "mada",
        PaymentMethod::StcPay => "STC Pay",
    }
}
