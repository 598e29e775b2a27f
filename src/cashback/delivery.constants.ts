export const CASHBACK_DELIVERY_QUEUE = 'cashback-delivery';
export const CASHBACK_DELIVERY_DEAD_LETTER = 'cashback-delivery-dead';
